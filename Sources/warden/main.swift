print("warden")
