// The query page's SPARQL editor: YASQE + YASR (vendored in static/yasgui/)
// on top of the plain form, which stays the page's fallback without JavaScript.
// No inline script or handler anywhere: everything the editor needs comes from data-* attributes
// of #pg-editor (endpoint, predeclared prefixes, resource base), so it runs under
// Content-Security-Policy script-src 'self'.
(function () {
  "use strict";

  var mount = document.getElementById("pg-editor");
  if (!mount || typeof window.Yasqe !== "function" || typeof window.Yasr !== "function") {
    return; // the plain form keeps working
  }
  var Yasqe = window.Yasqe;
  var Yasr = window.Yasr;
  var plainForm = document.querySelector("form.query");
  var textarea = document.getElementById("query");
  var serverResults = document.getElementById("pg-server-results");
  var resultsSection = document.getElementById("pg-yasr");
  var download = document.getElementById("pg-download");

  var endpoint = mount.dataset.endpoint;
  var resourceBase = mount.dataset.resourceBase;
  var resourcePath = mount.dataset.resourcePath;
  var prefixes = JSON.parse(mount.dataset.prefixes || "{}");

  // Prefix completion from our own prefixes: YASQE's default completer asks prefix.cc, and its
  // class/property completers ask LOV; the page makes no request to another origin.
  var prefixList = Object.keys(prefixes)
    .sort()
    .map(function (name) {
      return name + ": <" + prefixes[name] + ">";
    });
  Yasqe.forkAutocompleter(
    "prefixes",
    {
      name: "pg-prefixes",
      persistenceId: null,
      get: function () {
        return Promise.resolve(prefixList);
      },
    },
    false
  );

  // The server predeclares these prefixes; the editor shows a PREFIX line for each one a query
  // uses, so that its syntax check and a copy of the query elsewhere agree with the server.
  function declareUsedPrefixes(yasqe) {
    var declared = yasqe.getPrefixesFromQuery();
    var text = yasqe.getValue();
    var missing = {};
    Object.keys(prefixes).forEach(function (name) {
      if (!(name in declared) && new RegExp("(^|[\\s/^(|{,;])" + name + ":").test(text)) {
        missing[name] = prefixes[name];
      }
    });
    if (Object.keys(missing).length) {
      yasqe.addPrefixes(missing);
    }
  }

  var yasqe = new Yasqe(document.getElementById("pg-yasqe"), {
    value: textarea ? textarea.value : "",
    persistenceId: null, // the page's query wins over one kept in localStorage
    consumeShareLink: null,
    createShareableLink: null,
    autocompleters: ["variables", "pg-prefixes"],
    prefixCcApi: "",
    editorHeight: "320px",
    requestConfig: {
      endpoint: endpoint,
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle",
      acceptHeaderUpdate: "text/plain",
    },
  });
  declareUsedPrefixes(yasqe);

  // Results: IRIs of our resources link to their pages here (/id/...), in this window.
  Yasr.plugins.table.defaults.openIriInNewWindow = false;
  var yasr = new Yasr(resultsSection, {
    persistenceId: null,
    prefixes: prefixes,
    pluginOrder: ["table", "response"],
    defaultPlugin: "table",
  });

  function localise(root) {
    root.querySelectorAll("a[href]").forEach(function (link) {
      var href = link.getAttribute("href");
      if (href.indexOf(resourceBase) === 0 && href.length > resourceBase.length) {
        // {base}X -> /id/X (a hash IRI keeps its fragment), as Urls.resource does on the server
        link.setAttribute("href", resourcePath + href.slice(resourceBase.length));
        link.removeAttribute("target");
        link.classList.add("local");
      }
    });
  }
  new MutationObserver(function () {
    localise(resultsSection);
  }).observe(resultsSection, { childList: true, subtree: true });

  function showDownloads() {
    var graph = ["CONSTRUCT", "DESCRIBE"].indexOf(yasqe.getQueryType()) >= 0;
    download.querySelectorAll("button").forEach(function (button) {
      button.hidden = (button.value === "turtle") !== graph;
    });
    download.hidden = false;
  }

  yasqe.on("query", function () {
    // The address keeps the query: it can be shared, and a reload shows it again (the server
    // runs a query given in the address). One too long for an address is left out.
    var shared = location.pathname + "?query=" + encodeURIComponent(yasqe.getValue());
    if (shared.length <= 8000) {
      history.replaceState(null, "", shared);
    }
    resultsSection.hidden = false;
    if (serverResults) {
      serverResults.hidden = true;
    }
  });
  // A cut answer says so: the server marks it with X-Papergraph-Truncated and the limit.
  var cutNotice = document.getElementById("pg-cut-notice");
  function showCut(response) {
    var headers = (response && response.header) || {};
    if (headers["x-papergraph-truncated"] !== "true") {
      cutNotice.hidden = true;
      return;
    }
    var rows = headers["x-papergraph-row-limit"];
    cutNotice.textContent = rows
      ? "Cut: the first " + Number(rows).toLocaleString() + " rows, the most the server answers. "
      : "Cut: the whole answer is larger than the server sends. ";
    cutNotice.textContent += "Narrow the query, or ask for a page at a time with LIMIT and OFFSET.";
    cutNotice.hidden = false;
  }
  yasqe.on("queryResponse", function (_yasqe, response, duration) {
    yasr.setResponse(response, duration);
    showCut(response);
    showDownloads();
  });

  // Downloads go through the endpoint itself (format=csv|json|turtle), as without JavaScript.
  download.hidden = true;
  download.addEventListener("submit", function () {
    download.elements.query.value = yasqe.getValue();
  });

  // The canned queries load into the editor instead of reloading the page.
  document.querySelectorAll("a.canned-query").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
        return; // a new tab still gets the server-rendered page
      }
      event.preventDefault();
      yasqe.setValue(link.dataset.query);
      declareUsedPrefixes(yasqe);
      yasqe.focus();
    });
  });

  if (plainForm) {
    plainForm.hidden = true;
  }
  mount.hidden = false;
  yasqe.refresh();
})();
