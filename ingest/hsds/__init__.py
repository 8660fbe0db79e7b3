"""Open Referral HSDS: reading 3.x tabular and JSON and 1.x data packages (`read`, `build`),
graphsvc's own export and what it adds (`export`, `own`)."""
