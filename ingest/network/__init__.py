"""Networks in: GraphML, GEXF, GML and edge-list CSV as providers and partnerships."""
