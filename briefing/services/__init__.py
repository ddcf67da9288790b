"""The app's state and actions without Textual: Session (what is shown), Analyst (notes, flags,
copies, exports), the feed control, start-up, the commands of the command line, and ending
on a signal without losing notes.
"""
