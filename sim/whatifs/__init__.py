"""What-ifs: everything behind `culturesim compare` (paired statistics, wording, report, command)."""
