"""Writing stage: atomic files, the workbooks staff open, exports of the ledgers and work lists."""
