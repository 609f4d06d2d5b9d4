"""PHR core: the encrypted vault, genome import, rule sets and reports. Never imports Qt."""

__version__ = "0.1.0"

# The reverse-DNS id desktops use to tie the window, the .desktop file, the icon and the
# AppStream metainfo together (resources/phr.desktop, resources/<APP_ID>.metainfo.xml).
APP_ID = "io.github.phrapp.PHR"
