// The payments domain primitives live here (issue 3).
