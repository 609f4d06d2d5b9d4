"""PHR core: the encrypted vault, genome import, rule sets and reports. Never imports Qt."""

import os

__version__ = "0.1.0"

# numpy's OpenBLAS starts a thread per core when numpy is imported, and each spins for about
# a tenth of a second before it sleeps. PHR does no linear algebra, and imports numpy just
# before genome work (an import, the first look-ups after unlock): on a two-core laptop the
# spinning threads took a core from that work (a process opening a vault and answering 5,000
# look-ups: 10% less wall time, 13% less CPU with one thread). A value the person set stays.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# The reverse-DNS id desktops use to tie the window, the .desktop file, the icon and the
# AppStream metainfo together (resources/phr.desktop, resources/<APP_ID>.metainfo.xml).
APP_ID = "io.github.phrapp.PHR"
