<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<graph edgedefault="directed">
 
<!-- data schema -->
<key id="name" for="node" attr.name="name" attr.type="string"/>
<key id="acronym" for="node" attr.name="acronym" attr.type="string"/>
<key id="location" for="node" attr.name="location" attr.type="string"/>
<key id="website" for="node" attr.name="website" attr.type="string"/>
<key id="contact" for="node" attr.name="contact" attr.type="string"/>
<key id="description" for="node" attr.name="description" attr.type="string"/>
<key id="type" for="edge" attr.name="type" attr.type="string"/>

<!-- nodes -->  
<node id="1">
 <data key="name">European NGO Network on Genetic Engineering</data>
 <data key="acronym">GENET</data>
 <data key="location">Europe</data>
 <data key="website">http://www.genet-info.org/members.html</data>
 <data key="contact">coordination@genet-info.org</data>
 <data key="description">Network on Genetic Engineering</data>
</node>
<node id="2">
 <data key="name">Committee for the Abolition of Third World Debt</data>
 <data key="acronym">CADTM</data>
 <data key="location">Liège</data>
 <data key="website">www.cadtm.org/</data>
 <data key="contact">info@cadtm.org</data>
 <data key="description">Hopes to raise people’s awareness of North - South inequalities. CADTM’s specific focus is the Third World Debt and its aim is to achieve the cancellation of the external public debt in third world countries and subsequently to break the spiral of deeper and deeper indebtedness by setting up models of socially fair and environmentally sustainable development. In this perspective CADTM works towards the setting up of a development funds that would be democratically controlled by local populations and financed through the cancellation of the public external debt of third world countries; the retrocession of all ill-acquired goods; the taxation of speculative financial transactions (similar to the tax proposed by Tobin) ; an increase in the official aid budget of rich countries to 0.7% of the GDP; the setting up of an world tax on large incomes; the global conversion of military expenditure into social and cultural expenditure.</data>
</node>
<node id="3">
 <data key="name">Statewatch</data>
 <data key="acronym">State Watch</data>
 <data key="location">London</data>
 <data key="website">www.statewatch.org</data>
 <data key="contact">office@statewatch.org</data>
 <data key="description">Statewatch monitors civil liberties, justice and home affairs and access to documents in Europe</data>
</node>
<node id="4">
 <data key="name">People Global Action</data>
 <data key="acronym">PGA</data>
 <data key="location">Ottawa</data>
 <data key="website">http://www.agp.org</data>
 <data key="contact">?</data>
 <data key="description">We assert our will to struggle as peoples against all forms of oppression. But we do not only fight the wrongs imposed on us. We are also committed to building a new world. We are together as human beings and communities, our unity deeply rooted in diversity. Together we shape a vision of a just world and begin to build that true prosperity which comes from human empowerment, natural bounty, diversity, dignity and freedom.</data>
</node>
<node id="5">
 <data key="name">Women in Development Europe</data>
 <data key="acronym">WIDE</data>
 <data key="location">Brussels</data>
 <data key="website">http://www.eurosur.org/wide</data>
 <data key="contact">info@wide-network.org</data>
 <data key="description">Help the Development Of Women Assciations in Europe</data>
</node>
<node id="6">
 <data key="name">Statewatch Italy</data>
 <data key="acronym">State Watch Italy</data>
 <data key="location">Roma</data>
 <data key="website">www.statewatch.org</data>
 <data key="contact">office@statewatch.org</data>
 <data key="description">Statewatch monitors civil liberties, justice and home affairs and access to documents in Europe</data>
</node>
<node id="7">
 <data key="name">Statewatch England</data>
 <data key="acronym">State Watch England</data>
 <data key="location">London</data>
 <data key="website">www.statewatch.org</data>
 <data key="contact">office@statewatch.org</data>
 <data key="description">Statewatch monitors civil liberties, justice and home affairs and access to documents in Europe</data>
</node>
<node id="8">
 <data key="name">Statewatch Spain</data>
 <data key="acronym">State Watch Spain</data>
 <data key="location">Madrid</data>
 <data key="website">www.statewatch.org</data>
 <data key="contact">office@statewatch.org</data>
 <data key="description">Statewatch monitors civil liberties, justice and home affairs and access to documents in Europe</data>
</node>

<!-- edges -->
<edge source="1" target="3" isdirected="true">
<data key="type">collaborates</data>
</edge>
<edge source="1" target="5">
<data key="type">collaborates</data>
</edge>
<edge source="2" target="3">
<data key="type">collaborates</data>
</edge>
<edge source="3" target="5">
<data key="type">knows</data>
</edge>
<edge source="4" target="2">
<data key="type">knows</data>
</edge>
<edge source="3" target="6">
<data key="type">ispartof</data>
</edge>
<edge source="3" target="7">
<data key="type">ispartof</data>
</edge>
<edge source="3" target="8">
<data key="type">ispartof</data>
</edge>
<edge source="8" target="5">
<data key="type">collaborates</data>
</edge>

</graph>
</graphml>
