//! Student import against real databases (filled in below).
