<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<graph edgedefault="directed">
 
<!-- data schema -->
<key id="nid" for="node" attr.name="nid" attr.type="integer"/>
<key id="name" for="node" attr.name="name" attr.type="string"/>
<key id="acronym" for="node" attr.name="acronym" attr.type="string"/>
<key id="location" for="node" attr.name="location" attr.type="string"/>
<key id="country" for="node" attr.name="country" attr.type="string"/>
<key id="website" for="node" attr.name="website" attr.type="string"/>
<key id="contact" for="node" attr.name="contact" attr.type="string"/>
<key id="description" for="node" attr.name="description" attr.type="string"/>
<key id="type" for="node" attr.name="type" attr.type="string"/>
<key id="image" for="node" attr.name="image" attr.type="string"/>
<key id="theme" for="node" attr.name="theme" attr.type="string"/>
<key id="eid" for="edge" attr.name="eid" attr.type="integer"/>
<key id="type" for="edge" attr.name="type" attr.type="string"/>

<node id="0">
<data key="nid">0</data>
<data key="name">European Network Against Arms Trade</data>
<data key="acronym">ENAAT</data>
<data key="location">Amsterdam</data>
<data key="country">Netherlands</data>
<data key="website">www.antenna.nl/enaat/</data>
<data key="contact">amokmar@antenna.nl</data>
<data key="description">ENAAT consists of groups and individuals who regard arms trade as a threat to international peace and security and recognise the increasing need to work together against this threat at an international level.</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">food and health</data>
</node>
<node id="1">
<data key="nid">1</data>
<data key="name">British Overseas NGOs for Development</data>
<data key="acronym">BOND</data>
<data key="location">London </data>
<data key="country">England</data>
<data key="website">www.bond.org.uk/</data>
<data key="contact">bond@bond.org.uk</data>
<data key="description">To improve the extent and quality of the UK’s and Europe’s impact on international development, the eradication of global poverty and the attainment of human rights for all people. </data>
<data key="image">images/informal-group.jpg</data>
<data key="type">Informal Group</data>
<data key="theme">workers rights</data>
</node>
<node id="2">
<data key="nid">2</data>
<data key="name">Canadian Council for International Cooperation</data>
<data key="acronym">CCIC</data>
<data key="location">Ottawa</data>
<data key="country">Canada</data>
<data key="website">www.ccic.ca/</data>
<data key="contact">info@ccic.ca</data>
<data key="description">The Council is a coalition of Canadian voluntary sector organizations working globally to achieve sustainable human development. The Canadian Council for International Co-operation seeks to end global poverty, and to promote social justice and human dignity for all.</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">workers rights</data>
</node>
<node id="3">
<data key="nid">3</data>
<data key="name">Iniciative de Copenhague para Centroamérica y México</data>
<data key="acronym">CIFCA</data>
<data key="location">Brussels</data>
<data key="country">Belgium</data>
<data key="website">www.cifca.org/</data>
<data key="contact">Marta.Ibero@cifca.ngonet.be</data>
<data key="description">Cifca tiene como objetivo promover políticas europeas participativas que contribuyan al respeto integral de los derechos humanos, la democratización y el desarrollo justo y duradero en América Central y México </data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">workers rights</data>
</node>
<node id="4">
<data key="nid">4</data>
<data key="name">Global Community Network Partnership</data>
<data key="acronym">Global Community Network Partnership</data>
<data key="location">Montreal</data>
<data key="country">Canada</data>
<data key="website">www.globalcn.org</data>
<data key="contact">gcnp@globalcn.tc.ca</data>
<data key="description">An interactive, collaborative and multilingual portal, the Platform is intended to facilitate the sharing of information among the networks of different thematic spaces, linguistic and cultural (French, English and Spanish), national (in particular, networks from Quebec and Canada with the rest of the world). The intention is to foster public participation and involvement, above all, in the appropriation of ICTs for the purpose of democratic social change. Amidst the current debates and meetings taking place both nationally and internationally on the Information Society, the Platform is above all a voice of civil society in its great diversity. Nevertheless, in the spirit that has always predominated at GlobalCN, the Platform values partnerships between members of social groups. Consequently, it also presents the positions of governments and the private sector, and is intended to illustrate the best practices of a tripartite partnership. Our Platform team aims at promoting an Information Society more equal and united,  collaborating with portals that share the same objectives around the world in a spirit of collective wisdom towards change.</data>
<data key="image">images/informal-group.jpg</data>
<data key="type">Informal Group</data>
<data key="theme">food and health</data>
</node>
<node id="5">
<data key="nid">5</data>
<data key="name">Jubilee Debt Campaign</data>
<data key="acronym">JDC</data>
<data key="location">London</data>
<data key="country">England</data>
<data key="website">www.jubileedebtcampaign.org.uk</data>
<data key="contact">info@jubileedebtcampaign.org.uk</data>
<data key="description">When 24 million people signed the global Jubilee 2000 petition - the largest petition ever - the politicians sat up and noticed. Sadly, at the end of the Jubilee 2000 campaign in December 2000, it was clear that policies on debt cancellation weren't matching the rhetoric. That's why Jubilee movements in many countries vowed to continue the struggle. Jubilee Debt Campaign is the UK's campaigning successor to Jubilee 2000 and Drop the Debt, comprising much of the UK's original Jubilee 2000 membership. Working closely with our sister organisations Jubilee Research and Jubilee Scotland, and with partners in other countries, our mission remains the same: an end to all unpayable poor country debts by fair and transparent means.</data>
<data key="type">Network Group</data>
<data key="image">images/network-group.png</data>
<data key="theme">food and health</data>
</node>
<node id="6">
<data key="nid">6</data>
<data key="name">Seattle to Brussels Network- Taking Action Against Corporate Globalisation</data>
<data key="acronym">S2B Network</data>
<data key="location">na</data>
<data key="country">Various</data>
<data key="website">www.s2bnetwork.org/index.jsp</data>
<data key="contact">olivier@corporateeurope.org</data>
<data key="description">Roll back the power and authority of the WTO; challenge the corporate-driven agenda of the European Union and other European governments for continued global trade and investment liberalisation; expose and challenge the undemocratic nature of EU decision making on trade issues; promote a sustainable, socially and democratic accountable system of trade.</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">food and health</data>
</node>
<node id="7">
<data key="nid">7</data>
<data key="name">Global Network Against Weapons and Nuclear Power in Space</data>
<data key="acronym">Global Network Against Weapons and Nuclear Power in Space</data>
<data key="location">Brunswick</data>
<data key="country">Germany</data>
<data key="website">www.space4peace.org/</data>
<data key="contact">globalnet@mindspring.com</data>
<data key="description">To create an international movement to stop the nuclearization and weaponization of space</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">food and health</data>
</node>
<node id="8">
<data key="nid">8</data>
<data key="name">Trade Justice Movement</data>
<data key="acronym">TJM</data>
<data key="location">na</data>
<data key="country">Various</data>
<data key="website">www.tradejusticemovement.org.uk/</data>
<data key="contact">mail@tjm.org.uk</data>
<data key="description">We believe that everyone has the right to feed their families, make a decent living and protect their environment. But the rich and powerful are pursuing trade policies that put profits before the needs of people and the planet. To end poverty and protect the environment we need Trade Justice not free trade.</data>
<data key="image">images/informal-group.jpg</data>
<data key="type">Informal Group</data>
<data key="theme">food and health</data>
</node>
<node id="9">
<data key="nid">9</data>
<data key="name">Africa Europe Faith and Justice Network</data>
<data key="acronym">AEFJN</data>
<data key="location">na</data>
<data key="country">Various</data>
<data key="website">www.aefjn.org</data>
<data key="contact">aefjn@aefjn.org </data>
<data key="description">As religious and missionaries, motivated by our faith and rich with the social teaching of our Church, we are present where political decisions are made concerning economic relations between Africa and Europe. As citizens, using the networks of our communities and personal relations, we join the national and international community of civil society, to advance the common cause for a respectful, compassionate and just world. As a network, we inform one another on issues of structural injustice rooted in European policies that affect Africa adversely. We empower one another to lobby our national political decision makers and the European Institutions, so as to influence positively decisions taken by the Union that affect adversely peoples of Africa.</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">ecology</data>
</node>
<node id="10">
<data key="nid">10</data>
<data key="name">Babels</data>
<data key="acronym">Babels</data>
<data key="location">na</data>
<data key="country">Various</data>
<data key="website">www.babels.org</data>
<data key="contact">info@babels.org</data>
<data key="description">Our aim, apart from the desire to enable as many people as possible to listen to and understand one another, is also to facilitate intercultural discussions and debate, in collaboration with the organisations who identify themselves in the World Social Forum Charter of Principles. We also see ourselves as a place for reflection on the role of languages in building a “different” society.</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">ecology</data>
</node>
<node id="11">
<data key="nid">11</data>
<data key="name">Community Broadband Network</data>
<data key="acronym">CBN</data>
<data key="location">London</data>
<data key="country">England</data>
<data key="website">www.broadband-uk.coop</data>
<data key="contact">info@broadband-uk.coop</data>
<data key="description">To support community broadband projects</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">food and health</data>
</node>
<node id="12">
<data key="nid">12</data>
<data key="name">Global Ecovillage Network of Europe e.V</data>
<data key="acronym">GEN-Europe</data>
<data key="location">Belzig</data>
<data key="country">Germany</data>
<data key="website">www.gen-europe.org</data>
<data key="contact">na</data>
<data key="description">GEN-Europe promotes the development of sustainable settlements in Europe, Africa and Middle East.GEN Europe communicates the benefits of the ecovillage experience to wider society, to professionals in government, the private sector, and other NGOs.GEN Europe works to strengthen the capacity of individual ecovillages as well as the national ecovillage networks.</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">ecology</data>
</node>
<node id="13">
<data key="nid">13</data>
<data key="name">Network Institute for Global Democratisation </data>
<data key="acronym">NIGD</data>
<data key="location">Helsinki</data>
<data key="country">Finland</data>
<data key="website">www.nigd.org</data>
<data key="contact">na</data>
<data key="description">NIGD aims at promoting global democratization by producing and developing emancipatory knowledge for democratic movements, organizations and states. NIGD's work is based on the conviction that globalization as coming-together-of-humanity must be based on cross-cultural dialogue concerning both philosophical fundamentals and concrete reform proposals. NIGD projects are usually joint endeavours with a number of partners from the global south.</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">ecology</data>
</node>
<node id="14">
<data key="nid">14</data>
<data key="name">Statewatch</data>
<data key="acronym">Statewatch</data>
<data key="location">London</data>
<data key="country">England</data>
<data key="website">www.statewatch.org</data>
<data key="contact">office@statewatch.org</data>
<data key="description">Statewatch monitors civil liberties, justice and home affairs and access to documents in Europe</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">racial discrimination</data>
</node>
<node id="15">
<data key="nid">15</data>
<data key="name">Vegan Organic</data>
<data key="acronym">Vegan Organic</data>
<data key="location">Manchester</data>
<data key="country">England</data>
<data key="website">www.veganorganic.net</data>
<data key="contact">veganorganic@riseup.net</data>
<data key="description">Promotion of Food Production (Organic) without use and exploitation of animals and animal by-products</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">ecology</data>
</node>
<node id="16">
<data key="nid">16</data>
<data key="name">Tobin Tax Network</data>
<data key="acronym">TTN</data>
<data key="location">London</data>
<data key="country">England</data>
<data key="website">www.tobintax.org.uk</data>
<data key="contact">dhillman@tobintax.org.uk</data>
<data key="description">Promote the idea of taxing the trade in currencies</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">ecology</data>
</node>
<node id="17">
<data key="nid">17</data>
<data key="name">People Global Action</data>
<data key="acronym">PGA</data>
<data key="location">Ottawa</data>
<data key="country">Canada</data>
<data key="website">www.agp.org</data>
<data key="contact">na</data>
<data key="description">We assert our will to struggle as peoples against all forms of oppression. But we do not only fight the wrongs imposed on us. We are also committed to building a new world. We are together as human beings and communities, our unity deeply rooted in diversity. Together we shape a vision of a just world and begin to build that true prosperity which comes from human empowerment, natural bounty, diversity, dignity and freedom.</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">ecology</data>
</node>
<node id="18">
<data key="nid">18</data>
<data key="name">UNITED Against Racism</data>
<data key="acronym">UNITED Against Racism</data>
<data key="location">Amsterdam</data>
<data key="country">Netherlands</data>
<data key="website">www.unitedagainstracism.org</data>
<data key="contact">info@unitedagainstracism.org</data>
<data key="description">Supporting the rights of refugees and migrants. For an end to racism, nationalism and discrimination.  Respecting different approaches. Promoting cooperation across national and cultural borders. Making our multicultural societies work. </data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">racial discrimination</data>
</node>
<node id="19">
<data key="nid">19</data>
<data key="name">Third World Network – Africa</data>
<data key="acronym">TWN-Afrika</data>
<data key="location">East Legon</data>
<data key="country">Ghana</data>
<data key="website">www.twnafrica.org</data>
<data key="contact">contact@twnafrica.org</data>
<data key="description">Research and Advocacy on issues of social and economic policy that advances the needs and interests of peoples of African and other third world countries (especially marginalized social groups), a fair distribution of world's resources, and forms of development which are sustainable and fulfil human needs</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">racial discrimination</data>
</node>
<node id="20">
<data key="nid">20</data>
<data key="name">Our World is not for Sale</data>
<data key="acronym">OWINFS</data>
<data key="location">na</data>
<data key="country">Various</data>
<data key="website">www.ourworldisnotforsale.org/</data>
<data key="contact">webmaster@ourworldisnotforsale.org</data>
<data key="description">A loose grouping of organizations, activists and social movements worldwide fighting against the current model of corporate globalization embodied in global trading systems. OWINFS is committed to a sustainable, socially just, democratic and accountable multilateral trading system</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">ecology</data>
</node>
<node id="21">
<data key="nid">21</data>
<data key="name">International Network of engineers and Scientists for Global Responsibility</data>
<data key="acronym">INES</data>
<data key="location">Berlin</data>
<data key="country">Germany</data>
<data key="website">www.inesglobal.com</data>
<data key="contact">INES.office@web.de</data>
<data key="description">INES`efforts focus on disarmament and international peace, ethics, justice and sustainable development. INES is affiliated with the United Nations an with UNESCO as a NON-Governmental Organization (NGO).</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">ecology</data>
</node>
<node id="22">
<data key="nid">22</data>
<data key="name">Economic Partnerships Agreements Watch</data>
<data key="acronym">EPAWatch</data>
<data key="location">Brussels</data>
<data key="country">Belgium</data>
<data key="website">www.epawatch.net</data>
<data key="contact">info@epawatch.net</data>
<data key="description">EpaWatch is an ngo-initiative to monitor the trade negotiations between the European Union and the ACP countries which will take place between 2002 and 2008 with the aim of concluding Economic Partnership Agreements (EPAs).</data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">ecology</data>
</node>
<node id="23">
<data key="nid">23</data>
<data key="name">The European Network for the Recognition of the Ecological Debt </data>
<data key="acronym">ENRED</data>
<data key="location">na</data>
<data key="country">Various</data>
<data key="website">na</data>
<data key="contact">na</data>
<data key="description">Tries to impulse and coordinate efforts in order to achieve the recognition of the Ecological Debt that European Countries have accumulated towards the impoverished countries. It also tries to reduce/eliminate the future Ecological Debt. </data>
<data key="image">images/network-group.png</data>
<data key="type">Network Group</data>
<data key="theme">ecology</data>
</node>
<edge source="0" target="5">
<data key="eid">0</data>
<data key="type">Collaborates with</data>
</edge>
<edge source="0" target="9">
<data key="eid">1</data>
<data key="type">Collaborates with</data>
</edge>
<edge source="0" target="11">
<data key="eid">2</data>
<data key="type">Knows</data>
</edge>
<edge source="1" target="9">
<data key="eid">3</data>
<data key="type">Collaborates with</data>
</edge>
<edge source="1" target="22">
<data key="eid">4</data>
<data key="type">Collaborates with</data>
</edge>
<edge source="2" target="20">
<data key="eid">5</data>
<data key="type">Knows</data>
</edge>
<edge source="3" target="8">
<data key="eid">6</data>
<data key="type">Collaborates with</data>
</edge>
<edge source="4" target="1">
<data key="eid">7</data>
<data key="type">Knows</data>
</edge>
<edge source="4" target="2">
<data key="eid">8</data>
<data key="type">Knows</data>
</edge>
<edge source="4" target="20">
<data key="eid">9</data>
<data key="type">Collaborates with</data>
</edge>
<edge source="5" target="18">
<data key="eid">10</data>
<data key="type">Collaborates with</data>
</edge>
<edge source="5" target="6">
<data key="eid">11</data>
<data key="type">Knows</data>
</edge>
<edge source="5" target="2">
<data key="eid">12</data>
<data key="type">Knows</data>
</edge>
<edge source="6" target="10">
<data key="eid">13</data>
<data key="type">Collaborates with</data>
</edge>
<edge source="6" target="23">
<data key="eid">14</data>
<data key="type">Knows</data>
</edge>
<edge source="7" target="15">
<data key="eid">15</data>
<data key="type">Collaborates with</data>
</edge>
<edge source="7" target="23">
<data key="eid">16</data>
<data key="type">Collaborates with</data>
</edge>
<edge source="7" target="21">
<data key="eid">17</data>
<data key="type">Knows</data>
</edge>
<edge source="8" target="19">
<data key="eid">18</data>
<data key="type">Knows</data>
</edge>
<edge source="8" target="17">
<data key="eid">19</data>
<data key="type">Knows</data>
</edge>
<edge source="9" target="22">
<data key="eid">20</data>
<data key="type">Knows</data>
</edge>
<edge source="10" target="16">
<data key="eid">21</data>
<data key="type">Knows</data>
</edge>
<edge source="10" target="8">
<data key="eid">22</data>
<data key="type">Knows</data>
</edge>
<edge source="10" target="11">
<data key="eid">23</data>
<data key="type">Knows</data>
</edge>
<edge source="11" target="13">
<data key="eid">24</data>
<data key="type">Is part of</data>
</edge>
<edge source="11" target="19">
<data key="eid">25</data>
<data key="type">Collaborates with</data>
</edge>
<edge source="12" target="2">
<data key="eid">26</data>
<data key="type">Collaborates with</data>
</edge>
<edge source="12" target="22">
<data key="eid">27</data>
<data key="type">Collaborates with</data>
</edge>
<edge source="13" target="13">
<data key="eid">28</data>
<data key="type">Is part of</data>
</edge>
<edge source="14" target="8">
<data key="eid">29</data>
<data key="type">Collaborates with</data>
</edge>
<edge source="15" target="22">
<data key="eid">30</data>
<data key="type">Is part of</data>
</edge>
<edge source="15" target="15">
<data key="eid">31</data>
<data key="type">Knows</data>
</edge>
<edge source="16" target="1">
<data key="eid">32</data>
<data key="type">Is part of</data>
</edge>
<edge source="17" target="3">
<data key="eid">33</data>
<data key="type">Knows</data>
</edge>
<edge source="17" target="11">
<data key="eid">34</data>
<data key="type">Knows</data>
</edge>
<edge source="17" target="8">
<data key="eid">35</data>
<data key="type">Knows</data>
</edge>
<edge source="18" target="18">
<data key="eid">36</data>
<data key="type">Knows</data>
</edge>
<edge source="19" target="19">
<data key="eid">37</data>
<data key="type">Is part of</data>
</edge>
<edge source="20" target="7">
<data key="eid">38</data>
<data key="type">Is part of</data>
</edge>
<edge source="20" target="21">
<data key="eid">39</data>
<data key="type">Knows</data>
</edge>
<edge source="21" target="23">
<data key="eid">40</data>
<data key="type">Knows</data>
</edge>
<edge source="22" target="1">
<data key="eid">41</data>
<data key="type">Knows</data>
</edge>
<edge source="22" target="8">
<data key="eid">42</data>
<data key="type">Is part of</data>
</edge>
<edge source="22" target="17">
<data key="eid">43</data>
<data key="type">Knows</data>
</edge>
<edge source="23" target="19">
<data key="eid">44</data>
<data key="type">Collaborates with</data>
</edge>
<edge source="23" target="19">
<data key="eid">45</data>
<data key="type">Knows</data>
</edge>
<edge source="23" target="8">
<data key="eid">46</data>
<data key="type">Knows</data>
</edge>

</graph>
</graphml>

