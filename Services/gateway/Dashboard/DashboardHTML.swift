import Foundation

/// The dashboard's HTML: escaping, the page frame (navigation, sign-out form with its CSRF token) and small
/// pieces. Inline style and script only, nothing fetched from elsewhere; one column under 600 px.
enum DashboardHTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func page(title: String, viewer: DashboardViewer?, body: String, script: String = "") -> String {
        let navigation =
            viewer.map { viewer in
                """
                <nav><a href="/dashboard">Overview</a><a href="/dashboard/messages">Messages</a>\
                <a href="/dashboard/sessions">WhatsApp</a><a href="/dashboard/dead-letters">Dead letters</a>\
                <a href="/dashboard/hunts">Hunts</a><a href="/dashboard/leads">Leads</a>\
                <a href="/dashboard/conversations">Conversations</a><a href="/dashboard/webhooks">Webhooks</a>\
                <form method="post" action="/dashboard/logout"><input type="hidden" name="csrf" value="\(escape(viewer.csrf))">\
                <button type="submit" id="logout">Sign out</button></form>\
                <span class="who">\(viewer.isAdmin ? "operator" : "account")</span></nav>
                """
            } ?? ""
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · Auto-Prospect</title><style>\(style)</style></head>
            <body><header><strong>Auto-Prospect</strong>\(navigation)</header><main><h1>\(escape(title))</h1>\(body)</main>
            <script>\(script)</script></body></html>
            """
    }

    static let style = """
        *{box-sizing:border-box}body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1c2230}
        header{background:#1c2230;color:#fff;padding:10px 16px;display:flex;flex-wrap:wrap;gap:10px;align-items:center}
        nav{display:flex;flex-wrap:wrap;gap:12px;align-items:center}nav a{color:#cfe0ff}nav form,form.inline{display:inline}
        .who{font-size:12px;opacity:.7}main{max-width:1100px;margin:0 auto;padding:12px}h1{font-size:21px}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
        .card{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:10px}.card b{display:block;font-size:22px}
        table{width:100%;border-collapse:collapse;background:#fff;font-size:14px}td,th{padding:6px;border-bottom:1px solid #e5e8ed;text-align:left}
        .scroll{overflow-x:auto;max-width:100%}form.filters{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
        input,select,button{font:inherit;padding:6px 8px;max-width:100%}.error{color:#b3261e}.status{font-weight:600}
        ol.timeline{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:10px 10px 10px 30px}
        img.qr{width:260px;max-width:100%;height:auto;background:#fff;padding:8px;border:1px solid #dde1e7}
        @media (max-width:600px){td,th{padding:4px;font-size:13px}.hide-narrow{display:none}}
        """
}
