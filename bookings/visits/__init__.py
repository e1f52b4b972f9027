"""SKPD visits: the request letter, the Kepala BKPSDM's disposition, the on-site session
and its participants. The models stay in bookings/models.py."""
