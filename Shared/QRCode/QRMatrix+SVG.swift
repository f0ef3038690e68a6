extension QRMatrix {
    /// An SVG image: a white background and one black `<path>` of the dark modules, with a quiet zone of `margin`
    /// modules; each module is `moduleSize` pixels wide (the `viewBox` is in modules).
    package func svg(moduleSize: Int = 8, margin: Int = 4) -> String {
        let side = size + 2 * margin
        let pixels = side * max(moduleSize, 1)
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                var run = 1
                while isDark(x: x + run, y: y) { run += 1 }
                path += "M\(x + margin) \(y + margin)h\(run)v1h-\(run)z"
                x += run
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(pixels)" height="\(pixels)" \
            viewBox="0 0 \(side) \(side)" shape-rendering="crispEdges">\
            <rect width="\(side)" height="\(side)" fill="#FFFFFF"/>\
            <path d="\(path)" fill="#000000"/></svg>

            """
    }
}
