"""Sharing by e-mail: macro-free copies per rep, optional password, drafts, and collect.

``job.share`` writes the copies (``copies``), encrypts them (``crypto``) and drafts or sends
the e-mails (``mail``); ``collect.collect`` reads the reps' returned copies back into Visits.
"""
