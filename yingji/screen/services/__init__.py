"""Services of the command screen: the panels' figures and the followed incident, read
through each module's own services and always within the user's data scope."""
