"""The page's script and style sheet, served by ``bot.web.server`` from our own origin."""
