//! Vietnamese class order and text folding. Work in progress.
