"""`nominutes new` and `nominutes init`: content written for the user, from the starter."""
