import sys
from pathlib import Path

# Let tests import their helpers (server.py) and the app's packages from a plain checkout.
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
