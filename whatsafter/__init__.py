"""What's After: does this movie have a scene during or after the credits?"""
