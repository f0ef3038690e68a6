extension QRSymbol {
    /// Whether data mask pattern `mask` (0–7) inverts the module at column `x`, row `y`.
    static func maskInverts(_ mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: (x + y) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (x + y) % 3 == 0
        case 4: (x / 3 + y / 2) % 2 == 0
        case 5: x * y % 2 + x * y % 3 == 0
        case 6: (x * y % 2 + x * y % 3) % 2 == 0
        default: ((x + y) % 2 + x * y % 3) % 2 == 0
        }
    }

    /// Inverts the non-function modules under `mask` (applying it twice undoes it).
    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && Self.maskInverts(mask, x: x, y: y) {
                self[x, y].toggle()
            }
        }
    }

    /// Tries the 8 masks with their format information and keeps the one with the lowest penalty.
    mutating func applyBestMask() {
        var best = 0
        var bestPenalty = Int.max
        for mask in 0..<8 {
            applyMask(mask)
            drawFormatBits(mask: mask)
            let score = penalty()
            if score < bestPenalty {
                best = mask
                bestPenalty = score
            }
            applyMask(mask)
        }
        applyMask(best)
        drawFormatBits(mask: best)
    }

    /// The penalty score of ISO/IEC 18004 section 7.8.3 (rules N1–N4).
    func penalty() -> Int {
        var result = 0
        for line in 0..<size {
            let row = (0..<size).map { self[$0, line] }
            let column = (0..<size).map { self[line, $0] }
            result += Self.runPenalty(row) + Self.finderLikePenalty(row)
            result += Self.runPenalty(column) + Self.finderLikePenalty(column)
        }
        // N2: 2×2 blocks of one colour.
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let colour = self[x, y]
                if self[x + 1, y] == colour && self[x, y + 1] == colour && self[x + 1, y + 1] == colour {
                    result += 3
                }
            }
        }
        // N4: deviation of the dark proportion from 50 %, 10 points per full 5 %.
        let dark = modules.lazy.filter { $0 }.count
        let total = size * size
        result += abs(dark * 100 / total - 50) / 5 * 10
        return result
    }

    /// N1: 3 + (length − 5) for each run of five or more modules of one colour.
    static func runPenalty(_ line: [Bool]) -> Int {
        var result = 0
        var runLength = 0
        for (index, module) in line.enumerated() {
            runLength = index > 0 && line[index - 1] == module ? runLength + 1 : 1
            if runLength == 5 {
                result += 3
            } else if runLength > 5 {
                result += 1
            }
        }
        return result
    }

    /// N3: 40 for each dark–light–dark×3–light–dark pattern with four light modules on either side
    /// (beyond the symbol counts as light, the quiet zone).
    static func finderLikePenalty(_ line: [Bool]) -> Int {
        let pattern = [true, false, true, true, true, false, true]
        func isLight(_ range: Range<Int>) -> Bool {
            range.allSatisfy { $0 < 0 || $0 >= line.count || !line[$0] }
        }
        var result = 0
        for start in 0...(line.count - pattern.count) {
            guard (0..<pattern.count).allSatisfy({ line[start + $0] == pattern[$0] }) else { continue }
            if isLight(start - 4..<start) || isLight(start + 7..<start + 11) { result += 40 }
        }
        return result
    }
}
