// An init script for diagnosis: the page's URL writes (history.replaceState) become no-ops.
history.replaceState = function () {};
