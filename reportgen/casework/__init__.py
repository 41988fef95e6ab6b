"""Casework stage: the typed cases, the 文号 register, deadlines, ages and the follow-up of each case."""
