"""Places for the demo directory: towns and venues in each of Lancashire's twelve districts.

The postcodes are real (OS Code-Point Open, shipped in ``directory/data/postcodes/``), picked once near each town's
centre and checked so that ``geo.district_for_postcode`` gives the district they are listed under.
Venue names and street lines are invented for the demo and do not describe real buildings.

Venue kinds: ``hub`` (family hub or children's centre), ``library``, ``youth`` (youth centre),
``health`` (health centre or clinic), ``community`` (community centre, church hall), ``leisure``
(leisure or sports centre), ``school`` and ``office`` (a building an organisation works from).
"""

from __future__ import annotations

from typing import NamedTuple

from ..area import DEFAULT_AREA_FILE, load

# The demo is Lancashire's, read from the demo's area file (directory/data/areas/lancashire.toml).
DISTRICT_NAMES = load(DEFAULT_AREA_FILE).district_names


class Venue(NamedTuple):
    district: str
    town: str
    kind: str
    name: str
    address: str
    postcode: str

    def location(self) -> dict:
        """The shape a service's ``locations`` entry takes."""
        return {"name": self.name, "address": self.address, "town": self.town, "postcode": self.postcode}


# district | town | kind | venue | street | postcode. The first town listed for a district is its main town.
_TABLE = """
# Burnley
burnley | Burnley | hub | Burnley Central Family Hub | 14 Keirby Walk | BB11 2SQ
burnley | Burnley | library | Burnley Central Library | Grimshaw Street | BB11 9SD
burnley | Burnley | youth | Burnley Youth Centre | Sycamore Avenue | BB11 9SR
burnley | Burnley | health | St Peter's Health Centre | Church Street | BB11 1TH
burnley | Burnley | community | Stoneyholme Community Centre | Corporation Road | BB10 4EH
burnley | Burnley | leisure | Burnley Leisure Centre | Queen Victoria Road | BB10 4QA
burnley | Burnley | school | Rosegrove Primary School | Lowerhouse Lane | BB12 0DA
burnley | Burnley | office | Bank Hall Business Centre | 2 Colne Road | BB11 3NP
burnley | Padiham | hub | Padiham Children's Centre | Guy Street | BB12 8SW
burnley | Padiham | library | Padiham Library | Burnley Road | BB12 8NR
burnley | Padiham | health | Padiham Medical Centre | Station Road | BB12 8NF
burnley | Padiham | community | Padiham Town Hall Community Rooms | Mill Street | BB12 8RX
burnley | Padiham | school | Padiham Green Primary School | Green Lane | BB12 8SQ
# Chorley
chorley | Chorley | hub | Chorley Family Hub | Devonshire Road | PR7 2ST
chorley | Chorley | library | Chorley Library | Union Street | PR7 1LY
chorley | Chorley | youth | Chorley Youth Zone Annexe | Water Street | PR7 2RZ
chorley | Chorley | health | Chorley Health Centre | Collison Avenue | PR7 2SW
chorley | Chorley | community | Tatton Community Centre | Silverdale Road | PR7 2BN
chorley | Chorley | leisure | All Seasons Leisure Centre | Waterhouse Green | PR7 1JA
chorley | Chorley | school | Highfield Primary School | Arbour Lane | PR6 0SZ
chorley | Chorley | office | Market Walk Offices | 3 Fazakerley Street | PR6 0AE
chorley | Adlington | hub | Adlington Children's Centre | Railway Road | PR7 4HH
chorley | Adlington | library | Adlington Community Library | Park Road | PR6 9LP
chorley | Adlington | community | Adlington Community Centre | Babylon Lane | PR6 9LX
chorley | Adlington | school | Adlington Park Primary School | Bolton Road | PR6 9QF
chorley | Euxton | hub | Euxton Children's Centre | Wigan Road | PR7 6AZ
chorley | Euxton | community | Euxton Village Hall | Runshaw Lane | PR7 6NN
chorley | Euxton | health | Euxton Surgery | Bredon Avenue | PR7 6AH
chorley | Euxton | school | Balshaw Lane Primary School | Balshaw Lane | PR7 6QU
chorley | Coppull | hub | Coppull Children's Centre | Spendmore Lane | PR7 5BZ
chorley | Coppull | library | Coppull Library | Park Road | PR7 5UT
chorley | Coppull | community | Coppull Parish Hall | Chapel Lane | PR7 5AR
chorley | Coppull | health | Coppull Health Centre | Clancutt Lane | PR7 4QX
# Fylde
fylde | St Annes | hub | St Annes Family Hub | Headroomgate Road | FY8 2FE
fylde | St Annes | library | St Annes Library | Clifton Drive South | FY8 1XL
fylde | St Annes | youth | St Annes Youth Centre | Hope Street | FY8 2DL
fylde | St Annes | health | St Annes Health Centre | Durham Avenue | FY8 2DR
fylde | St Annes | community | Heyhouses Community Hall | Heyhouses Lane | FY8 2ED
fylde | St Annes | leisure | Fylde Coast Swimming and Fitness | Kings Road | FY8 2QF
fylde | St Annes | office | Pier Street Offices | 7 Pier Street | FY8 9SE
fylde | Lytham | hub | Lytham Children's Centre | Westby Street | FY8 4PU
fylde | Lytham | library | Lytham Library | Clifton Street | FY8 5NR
fylde | Lytham | community | Lytham Assembly Rooms | Dicconson Terrace | FY8 5HD
fylde | Lytham | school | Lytham Hall Park Primary School | Blackpool Road | FY8 4PZ
fylde | Kirkham | hub | Kirkham Family Hub | Station Road | PR4 2UF
fylde | Kirkham | library | Kirkham Library | Poulton Street | PR4 2UB
fylde | Kirkham | health | Kirkham Health Centre | Moor Street | PR4 2SL
fylde | Kirkham | youth | Kirkham Youth Centre | Mill Street | PR4 2SH
fylde | Kirkham | school | Kirkham Grammar Lane Primary School | Ribby Road | PR4 2TP
fylde | Freckleton | community | Freckleton Village Hall | Preston Old Road | PR4 1HP
fylde | Freckleton | school | Freckleton Strike Lane Primary School | Strike Lane | PR4 1YH
fylde | Freckleton | health | Freckleton Surgery | Lytham Road | PR4 1SB
# Hyndburn
hyndburn | Accrington | hub | Accrington Family Hub | Broadway | BB5 6DU
hyndburn | Accrington | library | Accrington Library | St James Street | BB5 6ED
hyndburn | Accrington | youth | Hyndburn Youth Centre | Hood Street | BB5 4BD
hyndburn | Accrington | health | Accrington Victoria Health Centre | Haywood Road | BB5 1LF
hyndburn | Accrington | community | Woodnook Community Centre | Richmond Hill Street | BB5 0AY
hyndburn | Accrington | leisure | Hyndburn Sports Centre | Henry Street | BB5 6SQ
hyndburn | Accrington | school | Hyndburn Park Primary School | Bold Street | BB5 6DY
hyndburn | Accrington | office | Eagle Street Offices | 11 Eagle Street | BB5 1QW
hyndburn | Great Harwood | hub | Great Harwood Children's Centre | Water Street | BB6 7JB
hyndburn | Great Harwood | library | Great Harwood Library | Queen Street | BB6 7LN
hyndburn | Great Harwood | health | Great Harwood Health Centre | Park Road | BB6 7JW
hyndburn | Great Harwood | community | Great Harwood Community Centre | Church Street | BB6 7BS
hyndburn | Great Harwood | youth | Great Harwood Youth Club | Blackburn Road | BB6 7JP
hyndburn | Oswaldtwistle | hub | Oswaldtwistle Children's Centre | Union Road | BB5 3QE
hyndburn | Oswaldtwistle | library | Oswaldtwistle Library | Catlow Hall Street | BB5 3NH
hyndburn | Oswaldtwistle | community | Oswaldtwistle Civic Hall | Rhyddings Street | BB5 3LR
hyndburn | Oswaldtwistle | school | St Paul's Primary School | Haslingden Old Road | BB5 3AS
# Lancaster
lancaster | Lancaster | hub | Lancaster Family Hub | Ryelands Park Road | LA1 5EB
lancaster | Lancaster | library | Lancaster Library | Market Square | LA1 9NQ
lancaster | Lancaster | youth | Lancaster Youth Centre | Dallas Road | LA1 5TX
lancaster | Lancaster | health | Lancaster Health Centre | Bulk Road | LA1 4XJ
lancaster | Lancaster | community | Marsh Community Centre | Lune Road | LA1 9ST
lancaster | Lancaster | leisure | Salt Ayre Leisure Centre | Salt Ayre Lane | LA1 2BA
lancaster | Lancaster | school | Skerton Primary School | Owen Road | LA1 5DW
lancaster | Lancaster | office | Castle Hill Offices | 4 Castle Hill | LA1 5RJ
lancaster | Morecambe | hub | Morecambe Bay Family Hub | Balmoral Road | LA4 5JY
lancaster | Morecambe | library | Morecambe Library | Central Drive | LA4 5LE
lancaster | Morecambe | youth | Morecambe Youth Centre | Clark Street | LA4 4AS
lancaster | Morecambe | health | Morecambe Health Centre | Hanover Street | LA4 5NZ
lancaster | Morecambe | community | West End Community Centre | Alexandra Road | LA4 4PE
lancaster | Morecambe | leisure | Morecambe Sports Hall | Regent Road | LA4 4JP
lancaster | Morecambe | office | Euston Road Offices | 9 Euston Road | LA4 4DD
lancaster | Heysham | hub | Heysham Children's Centre | Middleton Road | LA3 2RL
lancaster | Heysham | library | Heysham Library | Heysham Road | LA3 2WG
lancaster | Heysham | community | Heysham Mossgate Community Hall | Mossgate Park | LA3 2FE
lancaster | Heysham | school | Heysham Moneyclose Primary School | Moneyclose Lane | LA3 2TW
lancaster | Carnforth | hub | Carnforth Children's Centre | Kellet Road | LA5 9EA
lancaster | Carnforth | library | Carnforth Library | Lancaster Road | LA5 9EU
lancaster | Carnforth | health | Carnforth Health Centre | North Road | LA5 9AH
lancaster | Carnforth | community | Carnforth Civic Hall | Market Street | LA5 9EX
# Pendle
pendle | Nelson | hub | Nelson Family Hub | Every Street | BB9 9QX
pendle | Nelson | library | Nelson Library | Market Square | BB9 4HS
pendle | Nelson | youth | Nelson Youth Centre | Scotland Road | BB9 9ES
pendle | Nelson | health | Nelson Health Centre | Leeds Road | BB9 9QY
pendle | Nelson | community | Whitefield Community Centre | Bradley Road | BB9 0QB
pendle | Nelson | leisure | Pendle Leisure Centre | Carr Road | BB9 7QZ
pendle | Nelson | school | Walverden Primary School | Walverden Road | BB9 7WB
pendle | Nelson | office | Marsden Mill Offices | Vernon Street | BB9 7DQ
pendle | Colne | hub | Colne Children's Centre | Essex Street | BB8 9QJ
pendle | Colne | library | Colne Library | Market Street | BB8 8FL
pendle | Colne | youth | Colne Youth Centre | Dockray Street | BB8 9NA
pendle | Colne | health | Colne Health Centre | Craddock Road | BB8 9BJ
pendle | Colne | community | Waterside Community Hall | Waterside Road | BB8 9RX
pendle | Colne | school | Park Primary School | Venables Avenue | BB8 9QW
pendle | Barnoldswick | hub | Barnoldswick Children's Centre | Fernlea Avenue | BB18 6DE
pendle | Barnoldswick | library | Barnoldswick Library | Fern Lea Avenue | BB18 9AD
pendle | Barnoldswick | health | Barnoldswick Medical Centre | Park Road | BB18 5NR
pendle | Barnoldswick | community | Barlick Community Hall | Rainhall Road | BB18 5PA
pendle | Barnoldswick | youth | West Craven Youth Centre | Wellhouse Road | BB18 5EF
pendle | Brierfield | community | Brierfield Community Centre | Colne Road | BB9 5JP
pendle | Brierfield | library | Brierfield Library | Colne Road | BB9 5JD
pendle | Brierfield | school | Brierfield Reedley Primary School | Holden Road | BB9 5AD
# Preston
preston | Preston | hub | Preston Central Family Hub | Avenham Lane | PR1 3SY
preston | Preston | library | Harris Library | Market Square | PR1 1DN
preston | Preston | youth | Preston Youth Centre | Marsh Lane | PR1 8XA
preston | Preston | health | Preston Minster Health Centre | Lancaster Road | PR1 1TJ
preston | Preston | community | Deepdale Community Centre | St Paul's Road | PR1 6JU
preston | Preston | leisure | West View Leisure Centre | Ribbleton Avenue | PR1 8GS
preston | Preston | school | Fishwick Primary School | Fishwick View | PR1 3NR
preston | Preston | office | Winckley Square Offices | 18 Winckley Square | PR1 3YA
preston | Preston | community | Frenchwood Community Hall | Frenchwood Street | PR1 3BT
preston | Fulwood | hub | Fulwood Children's Centre | Black Bull Lane | PR2 9RX
preston | Fulwood | library | Fulwood Library | Garstang Road | PR2 9HT
preston | Fulwood | health | Fulwood Health Centre | Watling Street Road | PR2 8LE
preston | Fulwood | community | Fulwood Methodist Hall | Victoria Road | PR2 8UR
preston | Fulwood | leisure | Fulwood Leisure Centre | Black Bull Lane | PR2 9YE
preston | Ribbleton | hub | Ribbleton Family Hub | Grange Avenue | PR2 6LH
preston | Ribbleton | library | Ribbleton Library | Ribbleton Hall Drive | PR2 6LD
preston | Ribbleton | youth | Ribbleton Youth Centre | Longridge Road | PR2 6LN
preston | Ribbleton | school | Grange Primary School | Grange Avenue | PR2 6QG
# Ribble Valley
ribble-valley | Clitheroe | hub | Clitheroe Family Hub | Queensway | BB7 2HZ
ribble-valley | Clitheroe | library | Clitheroe Library | Church Street | BB7 2EB
ribble-valley | Clitheroe | youth | Ribble Valley Youth Centre | Edisford Road | BB7 2NG
ribble-valley | Clitheroe | health | Clitheroe Health Centre | Railway View Road | BB7 0SB
ribble-valley | Clitheroe | community | Clitheroe Community Centre | Parson Lane | BB7 1LZ
ribble-valley | Clitheroe | leisure | Ribble Valley Sports Centre | Edisford Road | BB7 1NS
ribble-valley | Clitheroe | school | Clitheroe Pendle Primary School | Pendle Road | BB7 2FF
ribble-valley | Clitheroe | office | Castle Street Offices | 22 Castle Street | BB7 1AQ
ribble-valley | Whalley | hub | Whalley Children's Centre | Accrington Road | BB7 9TU
ribble-valley | Whalley | library | Whalley Library | King Street | BB7 9UH
ribble-valley | Whalley | community | Whalley Village Hall | Station Road | BB7 9SR
ribble-valley | Whalley | health | Whalley Surgery | Abbey Road | BB7 9TW
# Rossendale
rossendale | Rawtenstall | hub | Rossendale Family Hub | Bacup Road | BB4 6DB
rossendale | Rawtenstall | library | Rawtenstall Library | Queen's Square | BB4 7NR
rossendale | Rawtenstall | youth | Rossendale Youth Centre | Kay Street | BB4 8RS
rossendale | Rawtenstall | health | Rossendale Primary Health Care Centre | Bacup Road | BB4 7QN
rossendale | Rawtenstall | community | Whitewell Bottom Community Centre | Burnley Road East | BB4 0HW
rossendale | Rawtenstall | leisure | Marl Pits Leisure Centre | Newchurch Road | BB4 8ES
rossendale | Rawtenstall | office | Bank Street Offices | 6 Bank Street | BB4 6HL
rossendale | Haslingden | hub | Haslingden Children's Centre | Regent Street | BB4 5RA
rossendale | Haslingden | library | Haslingden Library | Deardengate | BB4 5NX
rossendale | Haslingden | health | Haslingden Health Centre | Manchester Road | BB4 5DE
rossendale | Haslingden | community | Haslingden Community Link | Higher Deardengate | BB4 5EP
rossendale | Haslingden | leisure | Haslingden Sports Centre | Helmshore Road | BB4 5PR
rossendale | Bacup | hub | Bacup Children's Centre | Lee Street | OL13 8BD
rossendale | Bacup | library | Bacup Library | St James Square | OL13 9BF
rossendale | Bacup | health | Bacup Health Centre | Irwell Terrace | OL13 0AJ
rossendale | Bacup | community | Stacksteads Community Hall | Newchurch Road | OL13 8AJ
rossendale | Bacup | youth | Bacup Youth Centre | Rochdale Road | OL13 0AA
# South Ribble
south-ribble | Leyland | hub | Leyland Family Hub | Wellington Park | PR25 4PW
south-ribble | Leyland | library | Leyland Library | Hough Lane | PR25 2ND
south-ribble | Leyland | youth | Leyland Youth Centre | Fox Lane | PR25 4ZP
south-ribble | Leyland | health | Leyland Health Centre | Towngate | PR25 4YD
south-ribble | Leyland | community | Broadfield Community Centre | Quin Street | PR25 3ED
south-ribble | Leyland | leisure | Leyland Leisure Centre | West Paddock | PR25 3HA
south-ribble | Leyland | school | Woodlea Primary School | Woodlea Road | PR25 2SX
south-ribble | Leyland | office | Civic Centre Annexe | West Paddock | PR25 2LA
south-ribble | Bamber Bridge | hub | Bamber Bridge Children's Centre | Station Road | PR5 6UU
south-ribble | Bamber Bridge | library | Bamber Bridge Library | Station Road | PR5 6LS
south-ribble | Bamber Bridge | health | Bamber Bridge Health Centre | Brindle Road | PR5 6QQ
south-ribble | Bamber Bridge | community | Bamber Bridge Community Centre | Collins Road | PR5 6GP
south-ribble | Bamber Bridge | youth | Walton-le-Dale Youth Centre | Chorley Road | PR5 4UP
south-ribble | Lostock Hall | community | Lostock Hall Community Centre | Watkin Lane | PR5 5NH
south-ribble | Lostock Hall | library | Lostock Hall Library | Watkin Lane | PR5 5TQ
south-ribble | Lostock Hall | school | Lostock Hall Primary School | Avondale Drive | PR5 5SY
# West Lancashire
west-lancashire | Ormskirk | hub | Ormskirk Family Hub | Wigan Road | L39 2EL
west-lancashire | Ormskirk | library | Ormskirk Library | Burscough Street | L39 2EH
west-lancashire | Ormskirk | youth | Ormskirk Youth Centre | Moor Street | L39 2TD
west-lancashire | Ormskirk | health | Ormskirk Health Centre | Derby Street | L39 4SD
west-lancashire | Ormskirk | community | Ormskirk Community Centre | Park Road | L39 3AY
west-lancashire | Ormskirk | leisure | West Lancs Sports Centre | Ruff Lane | L39 4XB
west-lancashire | Ormskirk | office | Aughton Street Offices | 5 Aughton Street | L39 5WE
west-lancashire | Skelmersdale | hub | Skelmersdale Family Hub | Southway | WN8 6BS
west-lancashire | Skelmersdale | library | Skelmersdale Library | Southway | WN8 6PY
west-lancashire | Skelmersdale | youth | Skelmersdale Youth Centre | Westgate | WN8 8QN
west-lancashire | Skelmersdale | health | Skelmersdale Health Centre | Concourse Way | WN8 6EA
west-lancashire | Skelmersdale | community | Digmoor Community Centre | Abbeystead | WN8 9JY
west-lancashire | Skelmersdale | leisure | Nye Bevan Pool and Fitness | Southway | WN8 6DR
west-lancashire | Skelmersdale | school | Crow Orchard Primary School | Tanfields | WN8 8NH
west-lancashire | Burscough | hub | Burscough Children's Centre | Lord Street | L40 5TB
west-lancashire | Burscough | library | Burscough Library | Mill Lane | L40 7AZ
west-lancashire | Burscough | health | Burscough Health Centre | Stanley Court | L40 5XT
west-lancashire | Burscough | community | Burscough Village Hall | Liverpool Road North | L40 5XF
# Wyre
wyre | Fleetwood | hub | Fleetwood Family Hub | Radcliffe Road | FY7 6FZ
wyre | Fleetwood | library | Fleetwood Library | North Albert Street | FY7 6JN
wyre | Fleetwood | youth | Fleetwood Youth Centre | Blakiston Street | FY7 6TY
wyre | Fleetwood | health | Fleetwood Health and Wellbeing Centre | Dock Street | FY7 6AQ
wyre | Fleetwood | community | Flakefleet Community Centre | Northfleet Avenue | FY7 6EJ
wyre | Fleetwood | leisure | Fleetwood Marine Hall Sports Room | The Esplanade | FY7 6UG
wyre | Fleetwood | office | Lord Street Offices | 41 Lord Street | FY7 6DF
wyre | Thornton-Cleveleys | hub | Thornton Family Hub | Victoria Road East | FY5 3RA
wyre | Thornton-Cleveleys | library | Cleveleys Library | Rossall Road | FY5 1DJ
wyre | Thornton-Cleveleys | youth | Cleveleys Youth Centre | Beach Road | FY5 2JX
wyre | Thornton-Cleveleys | health | Thornton Health Centre | Victoria Road East | FY5 3EU
wyre | Thornton-Cleveleys | community | Thornton Village Hall | Meadows Avenue | FY5 2NL
wyre | Thornton-Cleveleys | leisure | Thornton Little Theatre and Sports Hall | Fleetwood Road North | FY5 5FE
wyre | Poulton-le-Fylde | hub | Poulton Children's Centre | Blackpool Old Road | FY6 7TB
wyre | Poulton-le-Fylde | library | Poulton Library | Blackpool Old Road | FY6 7SN
wyre | Poulton-le-Fylde | health | Poulton Health Centre | Tithebarn Street | FY6 7HD
wyre | Poulton-le-Fylde | community | Poulton Methodist Hall | Queensway | FY6 7EH
wyre | Poulton-le-Fylde | school | Carr Head Primary School | Moorland Road | FY6 6SF
wyre | Garstang | hub | Garstang Children's Centre | Bowgreave Drive | PR3 1PF
wyre | Garstang | library | Garstang Library | Windsor Road | PR3 1JW
wyre | Garstang | health | Garstang Medical Practice | Kepple Lane | PR3 1EN
wyre | Garstang | community | Garstang Community Centre | High Street | PR3 1RA
"""


def _parse(table: str) -> list[Venue]:
    rows = (line for line in table.strip().splitlines() if line and not line.startswith("#"))
    return [Venue(*(cell.strip() for cell in row.split("|"))) for row in rows]


VENUES: list[Venue] = _parse(_TABLE)


def towns(district: str) -> list[str]:
    """The district's towns, main town first."""
    seen: list[str] = []
    for venue in VENUES:
        if venue.district == district and venue.town not in seen:
            seen.append(venue.town)
    return seen


def main_town(district: str) -> str:
    return towns(district)[0]


def venues(district: str, kind: str | None = None, town: str | None = None) -> list[Venue]:
    return [
        venue
        for venue in VENUES
        if venue.district == district
        and (kind is None or venue.kind == kind)
        and (town is None or venue.town == town)
    ]


def venue(district: str, *kinds: str, town: str | None = None) -> Venue:
    """The first venue of the first kind the district (or town) has, e.g. ``venue("fylde", "youth", "hub")``."""
    for kind in kinds:
        found = venues(district, kind, town)
        if found:
            return found[0]
    raise LookupError(f"No {kinds} venue in {town or district}")


def office(district: str) -> Venue:
    """Where a district-based organisation has its address."""
    return venue(district, "office", "community", "hub")
