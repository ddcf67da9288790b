"""`python -m briefing` runs the command line (`briefing.entry`)."""

from briefing.entry import main

raise SystemExit(main())
