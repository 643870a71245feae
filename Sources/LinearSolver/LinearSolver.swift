// Placeholder: the solver layer lands here.
