"""Accounts: session and token login for pages, REST and websockets; demo users."""
