extension QRMatrix {
    /// An 8-bit grayscale PNG: each module is `scale`×`scale` pixels, with a white quiet zone of `margin` modules.
    package func png(scale: Int = 8, margin: Int = 4) -> [UInt8] {
        let scale = max(scale, 1)
        let margin = max(margin, 0)
        let width = (size + 2 * margin) * scale
        var raw: [UInt8] = []
        raw.reserveCapacity((width + 1) * width)
        for moduleY in -margin..<(size + margin) {
            var row: [UInt8] = [0]  // filter type None
            row.reserveCapacity(width + 1)
            for moduleX in -margin..<(size + margin) {
                let value: UInt8 = isDark(x: moduleX, y: moduleY) ? 0x00 : 0xFF
                row.append(contentsOf: repeatElement(value, count: scale))
            }
            for _ in 0..<scale { raw.append(contentsOf: row) }
        }
        return PNGEncoding.grayscalePNG(width: width, height: width, scanlines: raw)
    }
}
