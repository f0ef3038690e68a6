/// A QR code symbol: a square of dark and light modules, without the quiet zone.
package struct QRMatrix: Sendable, Equatable {
    /// Modules per side (21 for version 1 … 177 for version 40).
    package let size: Int
    /// Row-major modules, `true` for dark.
    let modules: [Bool]

    init(size: Int, modules: [Bool]) {
        precondition(modules.count == size * size)
        self.size = size
        self.modules = modules
    }

    /// Whether the module at column `x`, row `y` is dark; coordinates outside the symbol are light.
    package func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }
}
