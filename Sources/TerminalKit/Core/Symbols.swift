/// The line-drawing and glyph characters widgets draw with, in a Unicode or a plain ASCII set.
///
/// The ASCII set is for terminals or fonts without box drawing, and for screen-reader users:
/// a reader announces "box drawings light vertical" for every "│", but reads "|" as little or nothing.
public struct Symbols: Hashable, Sendable {
    /// Box corners and edges.
    public struct Border: Hashable, Sendable {
        /// The four corners.
        public var topLeft: Character, topRight: Character, bottomLeft: Character, bottomRight: Character
        /// The edges.
        public var horizontal: Character, vertical: Character
        /// A border from its six characters.
        public init(topLeft: Character, topRight: Character, bottomLeft: Character, bottomRight: Character,
                    horizontal: Character, vertical: Character) {
            self.topLeft = topLeft
            self.topRight = topRight
            self.bottomLeft = bottomLeft
            self.bottomRight = bottomRight
            self.horizontal = horizontal
            self.vertical = vertical
        }
    }

    /// Whether this is the plain-ASCII set.
    public var isASCII: Bool
    /// Ordinary panel borders.
    public var border: Border
    /// Borders of modal dialogs (heavier, so they stand out from panels behind).
    public var dialogBorder: Border
    /// Marks text that was cut short.
    public var ellipsis: String
    /// Marks the selected row in lists and tables, so selection never depends on colour alone.
    public var selectionMarker: String
    /// Header suffixes for a column sorted ascending / descending.
    public var sortAscending: String, sortDescending: String
    /// Bar fills from empty to full in eighths: `barEighths[8]` is a full cell.
    public var barEighths: [Character]
    /// Sparkline levels from lowest to highest.
    public var sparkLevels: [Character]
    /// Fill patterns for the segments of a stacked bar, distinct without colour.
    public var segmentPatterns: [Character]
    /// Empty part of a gauge.
    public var gaugeEmpty: Character
    /// Scrollbar track and thumb.
    public var scrollTrack: Character, scrollThumb: Character
    /// Separator between tabs and between status-bar items.
    public var separator: Character
    /// Timeline axis line, tick mark and event marker.
    public var axis: Character, tick: Character, event: Character
    /// Planned span in a Gantt row; the "today" line.
    public var planned: Character, today: Character
    /// Frames of the busy spinner.
    public var spinner: [String]

    /// Box drawing, block elements and symbols from Unicode.
    public static let unicode = Symbols(
        isASCII: false,
        border: Border(topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", horizontal: "─", vertical: "│"),
        dialogBorder: Border(topLeft: "┏", topRight: "┓", bottomLeft: "┗", bottomRight: "┛", horizontal: "━", vertical: "┃"),
        ellipsis: "…",
        selectionMarker: "▶",
        sortAscending: "▲", sortDescending: "▼",
        barEighths: [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"],
        sparkLevels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        segmentPatterns: ["█", "▓", "▒", "░"],
        gaugeEmpty: "░",
        scrollTrack: "│", scrollThumb: "█",
        separator: "│",
        axis: "─", tick: "┬", event: "◆",
        planned: "░", today: "│",
        spinner: ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    )

    /// Printable ASCII only.
    public static let ascii = Symbols(
        isASCII: true,
        border: Border(topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", horizontal: "-", vertical: "|"),
        dialogBorder: Border(topLeft: "#", topRight: "#", bottomLeft: "#", bottomRight: "#", horizontal: "=", vertical: "#"),
        ellipsis: "~",
        selectionMarker: ">",
        sortAscending: "^", sortDescending: "v",
        barEighths: [" ", " ", " ", " ", "#", "#", "#", "#", "#"],
        sparkLevels: ["_", ".", "-", "~", "=", "+", "*", "#"],
        segmentPatterns: ["#", "=", "+", "."],
        gaugeEmpty: "-",
        scrollTrack: "|", scrollThumb: "#",
        separator: "|",
        axis: "-", tick: "+", event: "*",
        planned: "-", today: "|",
        spinner: ["|", "/", "-", "\\"]
    )
}
