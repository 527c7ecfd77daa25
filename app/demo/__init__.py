"""The embedded demo: a local hub, the simulator with scripted customers, the gateway and agent
desks, all on this machine. Composition only: it builds and wires the other packages.
"""
