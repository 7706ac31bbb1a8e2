"""The guide's evidence checks: pure, typed logic shared by the MkDocs hooks, the command line
and the tests. Nothing here imports MkDocs."""
