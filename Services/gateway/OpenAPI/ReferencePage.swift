/// The `/docs` page: the OpenAPI document rendered by tag, each operation with its auth, parameters, body schema
/// and answers. Self-contained (inline style and script), readable at 390 px wide.
enum ReferencePage {
    static let html = #"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Auto-Prospect API reference</title>
        <style>
        body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
        header{background:#1d2330;color:#fff;padding:16px 20px}header a{color:#9cc3ff}
        main{max-width:980px;margin:0 auto;padding:12px}
        h2{margin:28px 0 8px;font-size:19px}
        details{background:#fff;border:1px solid #dde1e7;border-radius:6px;margin:6px 0}
        summary{cursor:pointer;padding:9px 12px;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
        .m{font:600 12px monospace;text-transform:uppercase;padding:2px 6px;border-radius:4px;color:#fff;min-width:48px;text-align:center}
        .get{background:#2f7d4f}.post{background:#2d5fb8}.put{background:#8a5a00}.patch{background:#6b3fa0}.delete{background:#b3261e}
        code,pre{font:13px/1.4 ui-monospace,monospace}pre{background:#f0f2f5;padding:8px;overflow:auto;border-radius:4px;margin:4px 0}
        .body{padding:0 12px 12px}.auth{color:#5b6472;font-size:13px}input{width:100%;padding:8px;font-size:15px;box-sizing:border-box}
        </style></head><body>
        <header><strong>Auto-Prospect API</strong> · <a href="/openapi.json">openapi.json</a>
        <div id="info"></div></header>
        <main><input id="filter" placeholder="Filter by path or summary" aria-label="Filter operations"><div id="ops">Loading…</div></main>
        <script>
        const esc = s => String(s).replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
        fetch('/openapi.json').then(r => r.json()).then(doc => {
          document.getElementById('info').textContent = doc.info.description;
          const byTag = {};
          for (const [path, item] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(item)) {
            (byTag[op.tags[0]] = byTag[op.tags[0]] || []).push({path, method, op});
          }
          const html = [];
          for (const tag of Object.keys(byTag).sort()) {
            html.push('<section><h2>' + esc(tag) + '</h2>');
            for (const {path, method, op} of byTag[tag].sort((a, b) => a.path.localeCompare(b.path))) {
              const auth = (op.security || []).map(s => Object.keys(s)[0]).join(', ') || 'none';
              const params = (op.parameters || []).map(p => '<code>' + esc(p.in + ' ' + p.name) + (p.required ? ' *' : '') + '</code>').join(' ');
              const body = op.requestBody ? '<div>Body:</div><pre>' + esc(JSON.stringify(Object.values(op.requestBody.content)[0].schema, null, 1)) + '</pre>' : '';
              const answers = Object.entries(op.responses).map(([code, r]) => '<div><code>' + esc(code) + '</code> ' + esc(r.description) + '</div>').join('');
              html.push('<details data-text="' + esc((path + ' ' + op.summary).toLowerCase()) + '"><summary><span class="m ' + method + '">' + method +
                '</span><code>' + esc(path) + '</code><span>' + esc(op.summary) + '</span></summary><div class="body"><div class="auth">Auth: ' +
                esc(auth) + '</div>' + (params ? '<div>Parameters: ' + params + '</div>' : '') + body + answers + '</div></details>');
            }
            html.push('</section>');
          }
          document.getElementById('ops').innerHTML = html.join('');
          document.getElementById('filter').addEventListener('input', e => {
            const q = e.target.value.toLowerCase();
            for (const d of document.querySelectorAll('details')) d.hidden = q && !d.dataset.text.includes(q);
          });
        });
        </script></body></html>
        """#
}
