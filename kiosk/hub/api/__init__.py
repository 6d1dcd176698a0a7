"""The hub's API areas, one APIRouter each: health, sync (kiosks), admin (district), stats."""
