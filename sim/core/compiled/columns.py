"""What a compiled month reports per scenario: one row of numbers, these columns.

The month's sums and counts (numpy's ``close_books`` and ``customer_means`` turn them into
the month's metrics); the three segment blocks are indexed by segment (0 low, 1 mid, 2 high).
"""

NAMES = ("change", "n_active", "n_frontline", "revenue", "time", "satisfaction", "loyalty", "expectation", "quality",
         "community", "churned", "problems", "recovered", "lost", "promoters", "detractors", "quits", "removed",
         "acquired", "active_end", "members_end", "fit",
         "segment_n0", "segment_n1", "segment_n2", "segment_loyalty0", "segment_loyalty1", "segment_loyalty2",
         "segment_churned0", "segment_churned1", "segment_churned2")
(CHANGE, N_ACTIVE, N_FRONTLINE, REVENUE, TIME, SATISFACTION, LOYALTY, EXPECTATION, QUALITY, COMMUNITY, CHURNED,
 PROBLEMS, RECOVERED, LOST, PROMOTERS, DETRACTORS, QUITS, REMOVED, ACQUIRED, ACTIVE_END, MEMBERS_END, FIT,
 SEGMENT_N, _, _, SEGMENT_LOYALTY, _, _, SEGMENT_CHURNED, _, _) = range(len(NAMES))
WIDTH = len(NAMES)
