"""What readers announce to the apps above them (which must not be imported from here).

`reader_renamed` is sent after the commit that changed a display name, with
`user`, `old_name` and `new_name`: apps that cache pages showing the name (the
comment threads) drop their copies.
"""

from django.dispatch import Signal

reader_renamed = Signal()
