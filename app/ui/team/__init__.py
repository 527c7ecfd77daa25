"""Windows for founding, joining and managing a team, and for connecting its WhatsApp number.

They talk to the services only through the Protocols of `app.services.team_api`.
"""
