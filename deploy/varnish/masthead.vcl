# Masthead behind Varnish 7.1 (Debian's `varnish` + `varnish-modules` for xkey).
#
# What it promises (deploy/README.md explains each):
# - anonymous readers share one cached copy of every reader page; a signed-in reader,
#   an editor, a form post or an admin page always reaches the app;
# - a response that sets a cookie, or says private/no-cache, is never cached;
#   only what the app explicitly marks cacheable (Cache-Control/Expires) is;
# - the app purges exactly the pages a change shows on: `PURGE /` with header
#   `xkey-purge: <keys>` from an address in the `purgers` ACL removes every object
#   tagged (response header `xkey`) with any of those keys, hard: it is never served again;
# - when the app is down or slow, the last copy is served for up to 24 h past its TTL (grace);
# - with several app nodes, requests are spread over the healthy ones, and a reader's GET that
#   fails on one node (killed, restarting) is retried on the next before any error is shown.
#
# The backend below is the app as `make run` serves it. scripts/proxy.sh renders this file
# with other ports and host (`scripts/proxy.sh vcl PORT[,PORT...] [HOST]`): one backend block
# and one `add_backend` line per app node. Edit it here for production.

vcl 4.1;

import directors;
import std;
import xkey;

backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 1s;
    .first_byte_timeout = 15s;
    .between_bytes_timeout = 10s;
    # /healthz is 503 only when the database is down: then the app is "sick" and every
    # reader gets the cached copy at once instead of waiting for an error page.
    .probe = {
        .url = "/healthz";
        .timeout = 2s;
        .interval = 2s;
        .window = 3;
        .threshold = 2;
        .initial = 3;  # starts healthy; sick after two failures in the last three
    }
}

# Every app node; vcl_recv sends each request to the next healthy one.
sub vcl_init {
    new nodes = directors.round_robin();
    nodes.add_backend(app);
}

# Who may purge: the app's own host. Add the app servers' addresses when they run elsewhere.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = nodes.backend();
    if (req.method == "PURGE") {
        # Varnish has appended client.ip to X-Forwarded-For by now; a comma means another
        # proxy (a TLS terminator on this host, say) relayed it for someone else: refused,
        # so no reader can purge through a front end that connects from an ACL address.
        if (client.ip !~ purgers || req.http.X-Forwarded-For ~ ",") {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "xkey-purge header required"));
        }
        # Hard purge: an unpublished article must not survive even as a grace copy.
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "purged " + req.http.x-purged));
    }

    # How long past its TTL a cached copy may be served while a fresh one is fetched in
    # the background: the app's stale-while-revalidate (60 s) while it is healthy; when it
    # is sick the whole grace (24 h, set in vcl_backend_response). A restart after a failed
    # fetch (see vcl_synth) takes any copy there is. 60 s and 24 h are the app's defaults
    # (PAGE_CACHE_STALE_SECONDS, PAGE_CACHE_GRACE_SECONDS): change them together.
    if (req.restarts > 0 || !std.healthy(req.backend_hint)) {
        set req.grace = 24h;
    } else {
        set req.grace = 60s;
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The pages of one reader or of the newsroom, and endpoints that read their own
    # cookies (the view pixel's visitor cookie, the typo form's CSRF token), keep their
    # cookies and always reach the app. The app marks them uncacheable anyway; passing
    # them here also saves a cache lookup and a hit-for-miss object each.
    if (req.url ~ "^/((en|ru)/)?(admin|django-admin|accounts|account|comments|documents|pageviews|typos|healthz)(/|\?|$)") {
        return (pass);
    }
    # A signed-in reader's page is their own; a pending one-time notice (Django's
    # `messages` cookie: "You have signed out") is shown on the next page rendered for it.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Anonymous reader pages need no cookie (analytics cookies, csrftoken...): dropping
    # them lets every anonymous reader share one copy.
    unset req.http.Cookie;
    # Masthead takes the language from the URL (/en/...), never from this header; Django's
    # LocaleMiddleware still adds "Vary: Accept-Language", which would keep one copy per
    # browser's language list. Dropped, every reader of a URL shares its one copy.
    unset req.http.Accept-Language;
    # Shared links arrive with tracking parameters the page does not depend on (the app's
    # own cache ignores the same list): without them, a story shared everywhere is one copy.
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid|yclid)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z]+|fbclid|gclid|yclid)=[^&]*&?", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    return (hash);
}

sub vcl_hit {
    if (obj.ttl <= 0s) {
        set req.http.x-cache = "HIT-STALE";
    } else {
        set req.http.x-cache = "HIT";
    }
}

sub vcl_miss {
    if (req.restarts > 0) {
        # A retry after a failed fetch found no copy to serve: ask the app once more, as a
        # pass, so its own error page (in the site's design) is shown and nothing is stored.
        set req.http.x-cache = "PASS";
        return (pass);
    }
    set req.http.x-cache = "MISS";
}

sub vcl_pass {
    set req.http.x-cache = "PASS";
}

sub vcl_backend_fetch {
    # The proxy's own bookkeeping is not the app's business.
    unset bereq.http.x-cache;
}

sub vcl_backend_response {
    # Keep every object 24 h past its TTL, to be served while the app is down (vcl_recv
    # limits it to 60 s while the app is healthy). A hard purge removes it all the same.
    set beresp.grace = 24h;

    if (beresp.status >= 500 && !bereq.uncacheable) {
        # The app's own error page (database down: 503 with Retry-After) must not replace
        # the last good copy, which storing any answer for this URL would do. Store nothing:
        # a background refresh keeps the stale copy; a reader's fetch becomes a 503 that
        # vcl_synth retries with full grace, and passes on to get the app's page if there
        # is no copy at all (vcl_miss).
        return (abandon);
    }

    if (bereq.url ~ "^/(static|media)/" && beresp.status == 200 && !beresp.http.Set-Cookie) {
        # Hashed static files are immutable (whitenoise sends a year); the rest of static
        # and media change only with a deploy or an upload under a new name. A deploy that
        # replaces files under old names bans them: varnishadm ban req.url '~' '^/static/'
        if (beresp.ttl < 1d) {
            set beresp.ttl = 1d;
        }
        return (deliver);
    }

    # A page is taken whole from its node before the reader gets a byte of it (pages are tens of
    # KB): a node that dies in the middle of an answer is then a failed fetch, which vcl_synth
    # restarts on the next node, instead of a reader's connection cut after half a page.
    set beresp.do_stream = false;

    # Cache only what the app says is cacheable: a response without Cache-Control or
    # Expires would otherwise be kept for Varnish's default TTL (2 min).
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Fall through to the built-in rules: a Set-Cookie, Cache-Control private, no-cache or
    # no-store, Vary: * or a zero TTL make the object a hit-for-miss (never cached, and the
    # next request is not queued behind this one). s-maxage wins over max-age as usual.
}

sub vcl_backend_error {
    # This node could not answer (refused the connection, died mid-answer, too slow). A GET
    # or HEAD changes nothing, so it is asked of the next node (the director moves on); a
    # POST may have been half done and is not repeated.
    if (bereq.retries < 2 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
    # Every node failed. Store nothing: a background refresh leaves the stale copy in
    # place, and a reader's fetch becomes a 503 that vcl_synth retries with grace.
    return (abandon);
}

sub vcl_deliver {
    set resp.http.X-Cache = req.http.x-cache;
    # The surrogate keys are for this proxy only.
    unset resp.http.xkey;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}

sub vcl_synth {
    if (req.method == "PURGE") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = resp.reason + {"
"};
        return (deliver);
    }
    # The fetch failed (app down, too slow, answering 5xx, or a node died mid-answer) and
    # there was no copy fresh enough for the healthy window: look once more, now taking a
    # copy of any age in grace, or asking the next node. A reader's own page (a pass) is
    # asked again too when it is a GET or HEAD, which change nothing.
    if (resp.status == 503 && req.restarts == 0 && (req.http.x-cache == "MISS" ||
            (req.http.x-cache == "PASS" && (req.method == "GET" || req.method == "HEAD")))) {
        return (restart);
    }
}
