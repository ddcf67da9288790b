"""The Textual App (with its base and its feed and work actions), the command palette's
provider and app.tcss: the only modules of briefing/ outside screens/ and widgets/ that
import Textual.
"""
