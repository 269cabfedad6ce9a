import Foundation

/// Axes, grid lines and tick labels of a chart's plot area.
enum Axis {
    /// A plot area in SVG coordinates.
    struct Frame {
        var left: Double
        var top: Double
        var width: Double
        var height: Double
        var right: Double { left + width }
        var bottom: Double { top + height }
    }

    /// Vertical grid lines and tick labels under the frame for a horizontal scale, and the axis label below.
    static func bottom(_ svg: inout SVG, _ scale: Scale, frame: Frame, label: String, tickText: (Double) -> String) {
        for t in scale.ticks {
            let x = scale.position(t)
            svg.line(x1: x, y1: frame.top, x2: x, y2: frame.bottom, [("class", "grid")])
            svg.line(x1: x, y1: frame.bottom, x2: x, y2: frame.bottom + 4, [("class", "axis")])
            svg.text(tickText(t), x: x, y: frame.bottom + 16, anchor: "middle", [("class", "tick")])
        }
        svg.line(x1: frame.left, y1: frame.bottom, x2: frame.right, y2: frame.bottom, [("class", "axis")])
        if !label.isEmpty {
            svg.text(label, x: frame.left + frame.width / 2, y: frame.bottom + 34, anchor: "middle", [("class", "axis-label")])
        }
    }

    /// Horizontal grid lines and tick labels left of the frame for a vertical scale, and the axis label turned on its side.
    static func left(_ svg: inout SVG, _ scale: Scale, frame: Frame, label: String, tickText: (Double) -> String) {
        for t in scale.ticks {
            let y = scale.position(t)
            svg.line(x1: frame.left, y1: y, x2: frame.right, y2: y, [("class", "grid")])
            svg.line(x1: frame.left - 4, y1: y, x2: frame.left, y2: y, [("class", "axis")])
            svg.text(tickText(t), x: frame.left - 7, y: y + 4, anchor: "end", [("class", "tick")])
        }
        svg.line(x1: frame.left, y1: frame.top, x2: frame.left, y2: frame.bottom, [("class", "axis")])
        if !label.isEmpty {
            let x = frame.left - 48, y = frame.top + frame.height / 2
            svg.text(label, x: x, y: y, anchor: "middle", [("class", "axis-label"), ("transform", "rotate(-90 \(SVG.number(x)) \(SVG.number(y)))")])
        }
    }

    /// A tick label for a linear axis whose ticks are `step` apart.
    static func linearTick(_ value: Double, ticks: [Double]) -> String {
        let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : 1
        let decimals = max(0, min(6, -Int(log10(step).rounded(.down))))
        return Format.fixed(value, decimals: decimals)
    }

    /// Approximate width of `text` in pixels at `size` (no fonts are measured: SVG has no layout).
    static func textWidth(_ text: String, size: Double = 12) -> Double { Double(text.count) * size * 0.58 }
}
