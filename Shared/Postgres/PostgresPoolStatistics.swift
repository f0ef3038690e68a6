/// How many connections a pool has open, idle, and how many borrowers wait.
package struct PostgresPoolStatistics: Sendable, Equatable {
    package var open: Int
    package var idle: Int
    package var waiting: Int

    package init(open: Int, idle: Int, waiting: Int) {
        self.open = open
        self.idle = idle
        self.waiting = waiting
    }
}
