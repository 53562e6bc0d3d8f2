from django.dispatch import Signal

# Sent once after glossary terms were added, changed or removed, so that every text
# that links terms (guide sections, FAQ answers) is rendered again.
glossary_changed = Signal()
