// Instant navigation wherever the site is served.
//
// Material's instant navigation only handles links it finds in sitemap.xml, whose
// addresses the build writes from site_url. Material itself swaps in the page's
// protocol and host name, but not its port or folder. So a site built for one
// address (the default http://127.0.0.1:8000/, or a fork's Pages URL) and opened at
// another would reload every page, and Python with it. This script runs before
// Material's bundle and rewrites the sitemap as Material parses it: the address of
// the site's home (the shortest <loc>) becomes the address the page was served from.
(function () {
  "use strict";
  // Where the site's home is, from Material's config (read late: it follows this script).
  function served() {
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      return new URL(config.base.replace(/\/?$/, "/"), location.href).href;
    } catch (error) {
      return null;
    }
  }
  var parse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function (text, type) {
    var doc = parse.call(this, text, type);
    if (type !== "text/xml" || !doc.documentElement || doc.documentElement.localName !== "urlset") return doc;
    var here = served();
    var locs = Array.prototype.slice.call(doc.getElementsByTagName("loc"));
    var home = locs.map(function (loc) { return loc.textContent.trim(); })
      .sort(function (a, b) { return a.length - b.length; })[0];
    if (!here || !home || home === here) return doc;
    locs.forEach(function (loc) {
      var url = loc.textContent.trim();
      if (url.indexOf(home) === 0) loc.textContent = here + url.slice(home.length);
    });
    return doc;
  };
})();
