"""A stand-in for the backend's settings module: reads its database URL at import time."""

import os

DATABASE_URL = os.environ['DATABASE_URL']
