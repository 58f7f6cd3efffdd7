//! The Ministry's assessment rules (Thông tư 22/2021 and 27/2020). Work in progress.
