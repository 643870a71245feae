// The model builder lands here.
