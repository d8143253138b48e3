package data

import (
	"time"

	"github.com/rickar/cal/v2/gb"
)

// holRegion is what a region (ISO 3166-2) changes in its country's holidays.
type holRegion struct {
	drop []string  // English names of national holidays the region does not keep
	add  []holRule // the region's own holidays
}

// Rules several regions share.
var (
	deEpiphany      = hFixed(time.January, 6, "Epiphany").loc("Heilige Drei Könige")
	deWomensDay     = hFixed(time.March, 8, "International Women's Day").loc("Internationaler Frauentag")
	deCorpusChristi = hEaster(60, "Corpus Christi").loc("Fronleichnam")
	deAssumption    = hFixed(time.August, 15, "Assumption Day").loc("Mariä Himmelfahrt")
	deReformation   = hFixed(time.October, 31, "Reformation Day").loc("Reformationstag").except(2017) // 2017: nationwide
	deAllSaints     = hFixed(time.November, 1, "All Saints' Day").loc("Allerheiligen")

	atJoseph  = hFixed(time.March, 19, "St Joseph's Day").loc("Josefitag")
	atLeopold = hFixed(time.November, 15, "St Leopold's Day").loc("Leopolditag")

	esMaundyThursday = hEaster(-3, "Maundy Thursday").loc("Jueves Santo")
	esEasterMonday   = hEaster(1, "Easter Monday").loc("Lunes de Pascua")
)

// regionalTables has the holidays of a region beyond its country's, keyed by
// ISO 3166-2 code (GB-SCT, not UK-SCT).
//
// Germany: each Land's Feiertagsgesetz. Bavaria keeps Assumption Day in its
// municipalities with a mainly Catholic population (about 1,700 of 2,056,
// Munich among them), so it is listed for all of DE-BY; Augsburg's Peace
// Festival (8 August, one city) and Corpus Christi in parts of Saxony and
// Thuringia are left out.
//
// Austria: the states' patron saints' days (Landesfeiertage). They are days
// off in the state's public service and its schools, not under the
// Arbeitsruhegesetz, so a private employer may work on them.
//
// Spain: the communities' own days that recur every year, Maundy Thursday
// where the community keeps it and Easter Monday where it replaces another
// day. The communities choose some days anew each year (San José, Santiago,
// the Monday after a national holiday on a Sunday) in the yearly list of the
// Ministry of Labour in the BOE; those are not here.
var regionalTables = map[string]holRegion{
	// Germany
	"DE-BW": {add: []holRule{deEpiphany, deCorpusChristi, deAllSaints}},
	"DE-BY": {add: []holRule{deEpiphany, deCorpusChristi, deAssumption, deAllSaints}},
	"DE-BE": {add: []holRule{
		deWomensDay.from(2019),
		hFixed(time.May, 8, "Liberation Day (75th anniversary)").loc("Tag der Befreiung (75. Jahrestag)").only(2020),
		hFixed(time.May, 8, "Liberation Day (80th anniversary)").loc("Tag der Befreiung (80. Jahrestag)").only(2025),
	}},
	"DE-BB": {add: []holRule{
		hEaster(0, "Easter Sunday").loc("Ostersonntag"),
		hEaster(49, "Whit Sunday").loc("Pfingstsonntag"),
		deReformation,
	}},
	"DE-HB": {add: []holRule{deReformation.from(2018)}},
	"DE-HH": {add: []holRule{deReformation.from(2018)}},
	"DE-HE": {add: []holRule{deCorpusChristi}},
	"DE-MV": {add: []holRule{deWomensDay.from(2023), deReformation}},
	"DE-NI": {add: []holRule{deReformation.from(2018)}},
	"DE-NW": {add: []holRule{deCorpusChristi, deAllSaints}},
	"DE-RP": {add: []holRule{deCorpusChristi, deAllSaints}},
	"DE-SL": {add: []holRule{deCorpusChristi, deAssumption, deAllSaints}},
	"DE-SN": {add: []holRule{
		deReformation,
		hWeekdayFrom(time.Wednesday, time.November, 16, "Repentance and Prayer Day").loc("Buß- und Bettag"),
	}},
	"DE-ST": {add: []holRule{deEpiphany, deReformation}},
	"DE-SH": {add: []holRule{deReformation.from(2018)}},
	"DE-TH": {add: []holRule{
		hFixed(time.September, 20, "World Children's Day").loc("Weltkindertag").from(2019),
		deReformation,
	}},

	// Austria (1 Burgenland … 9 Vienna)
	"AT-1": {add: []holRule{hFixed(time.November, 11, "St Martin's Day").loc("Martinstag")}},
	"AT-2": {add: []holRule{atJoseph, hFixed(time.October, 10, "Plebiscite Day").loc("Tag der Volksabstimmung")}},
	"AT-3": {add: []holRule{atLeopold}},
	"AT-4": {add: []holRule{hFixed(time.May, 4, "St Florian's Day").loc("Florianitag")}},
	"AT-5": {add: []holRule{hFixed(time.September, 24, "St Rupert's Day").loc("Rupertitag")}},
	"AT-6": {add: []holRule{atJoseph}},
	"AT-7": {add: []holRule{atJoseph}},
	"AT-8": {add: []holRule{atJoseph}},
	"AT-9": {add: []holRule{atLeopold}},

	// Spain
	"ES-AN": {add: []holRule{hFixed(time.February, 28, "Andalusia Day").loc("Día de Andalucía").sunday(), esMaundyThursday}},
	"ES-AR": {add: []holRule{hFixed(time.April, 23, "St George's Day (Aragon Day)").loc("San Jorge, Día de Aragón"), esMaundyThursday}},
	"ES-AS": {add: []holRule{hFixed(time.September, 8, "Asturias Day").loc("Día de Asturias"), esMaundyThursday}},
	"ES-CB": {add: []holRule{esMaundyThursday}},
	"ES-CE": {add: []holRule{hFixed(time.September, 2, "Ceuta Day").loc("Día de Ceuta"), esMaundyThursday}},
	"ES-CL": {add: []holRule{hFixed(time.April, 23, "Castile and León Day").loc("Día de Castilla y León"), esMaundyThursday}},
	"ES-CM": {add: []holRule{hFixed(time.May, 31, "Castile-La Mancha Day").loc("Día de Castilla-La Mancha"), esMaundyThursday}},
	"ES-CN": {add: []holRule{hFixed(time.May, 30, "Canary Islands Day").loc("Día de Canarias"), esMaundyThursday}},
	"ES-CT": {add: []holRule{
		esEasterMonday.loc("Dilluns de Pasqua Florida"),
		hFixed(time.June, 24, "St John's Day").loc("Sant Joan"),
		hFixed(time.September, 11, "National Day of Catalonia").loc("Diada Nacional de Catalunya"),
		hFixed(time.December, 26, "St Stephen's Day").loc("Sant Esteve"),
	}},
	"ES-EX": {add: []holRule{hFixed(time.September, 8, "Extremadura Day").loc("Día de Extremadura"), esMaundyThursday}},
	"ES-GA": {add: []holRule{
		esMaundyThursday,
		hFixed(time.May, 17, "Galician Literature Day").loc("Día das Letras Galegas"),
		hFixed(time.July, 25, "Galicia Day").loc("Día Nacional de Galicia"),
	}},
	"ES-IB": {add: []holRule{hFixed(time.March, 1, "Balearic Islands Day").loc("Día de las Illes Balears"), esMaundyThursday, esEasterMonday}},
	"ES-MC": {add: []holRule{hFixed(time.June, 9, "Murcia Day").loc("Día de la Región de Murcia"), esMaundyThursday}},
	"ES-MD": {add: []holRule{hFixed(time.May, 2, "Community of Madrid Day").loc("Fiesta de la Comunidad de Madrid").sunday(), esMaundyThursday}},
	"ES-ML": {add: []holRule{hFixed(time.September, 17, "Melilla Day").loc("Día de Melilla"), esMaundyThursday}},
	"ES-NC": {add: []holRule{esMaundyThursday, esEasterMonday}},
	"ES-PV": {add: []holRule{esMaundyThursday, esEasterMonday}},
	"ES-RI": {add: []holRule{hFixed(time.June, 9, "La Rioja Day").loc("Día de La Rioja"), esMaundyThursday}},
	"ES-VC": {add: []holRule{esEasterMonday, hFixed(time.October, 9, "Valencian Community Day").loc("Día de la Comunitat Valenciana")}},

	// France: Alsace and Moselle keep the local law of 1892 (Code du travail, L3134-13)
	"FR-57":  {add: frAlsaceMoselle},
	"FR-67":  {add: frAlsaceMoselle},
	"FR-68":  {add: frAlsaceMoselle},
	"FR-6AE": {add: frAlsaceMoselle},

	// Italy: South Tyrol keeps Whit Monday
	"IT-BZ": {add: []holRule{hEaster(50, "Whit Monday").loc("Lunedì di Pentecoste")}},

	// Portugal: the autonomous regions' days
	"PT-20": {add: []holRule{hEaster(50, "Azores Day").loc("Dia da Região Autónoma dos Açores")}},
	"PT-30": {add: []holRule{
		hFixed(time.July, 1, "Madeira Day").loc("Dia da Região Autónoma da Madeira"),
		hFixed(time.December, 26, "Boxing Day").loc("Primeira Oitava"),
	}},

	// Finland: Åland's Autonomy Day
	"FI-01": {add: []holRule{hFixed(time.June, 9, "Åland Autonomy Day").loc("Självstyrelsedagen")}},

	// United Kingdom: Banking and Financial Dealings Act 1971, Schedule 1, and
	// the St Andrew's Day Bank Holiday (Scotland) Act 2007; a holiday on a
	// weekend gives the next weekday.
	"GB-SCT": {
		drop: []string{"Easter Monday", "Summer Bank Holiday"},
		add: []holRule{
			hFixed(time.January, 2, "2nd January").weekend(),
			hCal(gb.SummerHolidayScotland, "Summer Bank Holiday"),
			hFixed(time.November, 30, "St Andrew's Day").weekend(),
		},
	},
	"GB-NIR": {add: []holRule{
		hFixed(time.March, 17, "St Patrick's Day").weekend(),
		hFixed(time.July, 12, "Battle of the Boyne (Orangemen's Day)").weekend(),
	}},
}

var frAlsaceMoselle = []holRule{
	hEaster(-2, "Good Friday").loc("Vendredi saint"),
	hFixed(time.December, 26, "St Stephen's Day").loc("Saint-Étienne"),
}
