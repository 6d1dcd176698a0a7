"""The multimedia theatre (多媒体演播区, issue 11), with no Kivy: the programme and its content
check, the weekly schedule, the film / lecture / oath-ceremony state machines on an injected
clock, the presenter remote's key table, the host's flow (signage → audience → item → signage),
the screening fact and its statistics. The theatre screens in ``kiosk/ui`` only render these."""
