#!/usr/bin/env bats
# extract-events: who the actors are, as a reader names them. The fixture actors.in is
# tag-entities' output for two short stories written for this test (frozen, so that only
# extract-events is tested): a 1987 wire story and a 2005 British one.

load helpers

T=extract-events
DIR=$FIXTURES/extract-events

# the columns of actors.out
actors() {
	"$BIN/$T" "$@" | awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
		{ print $c["doc_id"], $c["sent"], $c["code"], $c["actor1"], $c["actor1_code"], $c["actor2"],
			$c["actor2_code"], $c["date"], $c["attributed_to"] }'
}

@test "extract-events: actors: capitals and parties by their names, he across sentences, statements by what they say, outlets as sources, the mayor" {
	# Washington is the United States; Shevardnadze's "failed to answer" is a criticism (111) of
	# it, told first by the headline ("Shevardnadze faults U.S.", as "Tories round on Labour" is
	# the Tories' criticism the next sentence tells again); "He also criticised" in the next sentence is Shevardnadze again; TASS reporting is
	# no event of TASS; the Tories are the Conservative Party; "the United States and Britain
	# vetoed" is a veto each, "Reagan and Gorbachev agreed to meet" one intent of both; "the
	# mayor" after "London Mayor Ken Livingstone" is Ken Livingstone
	actors "$DIR/actors.in" >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/actors.out" "$BATS_TEST_TMPDIR/out"
}

@test "extract-events: actors: Moscow in 1987 is the Soviet Union, in 2022 Russia" {
	for year in 1987 2022; do
		sed "s/^moscow-1\tWire\t1987-05-05/moscow-1\tWire\t$year-05-05/" "$DIR/actors.in" | actors |
			awk -F'\t' -v OFS='\t' '$1 == "moscow-1" { print $4, $5 }' >>"$BATS_TEST_TMPDIR/out"
	done
	run cat "$BATS_TEST_TMPDIR/out"
	assert_output "$(printf 'Soviet Union\tSUN\nRussia\tRUS')"
}

@test "extract-events: speakers: at the end, with an office and a nationality, with the body they speak for; a study is no actor; seizing on figures is no seizure" {
	# "..., Transport Minister Olga Rennick has acknowledged." is her statement; "said Danish
	# Trade Minister Per Lund, who chaired the meeting" is Per Lund's (not Denmark's, and not
	# about a meeting the story has not told); "Marta Sorel, Harbour Users Association said" is
	# hers; "The Transport Department study discusses" is no consultation; "seize on the
	# figures" is a criticism (111), not a seizure (171); "Lord Hallam added: "... the Harbour
	# Party because I believe that they ..."" is his (a gap between an actor and its verb holds
	# no "because" and no new subject), and he is Edwin Hallam, the full name the story gives later
	# "Tony Blair attacked Tory plans" is a criticism (111), "Russian troops attacked Ukrainian
	# positions" an attack (190); "declined to say what form" declines comment (011); a lead
	# that ends ", the transport minister has said." is the statement of Olga Rennick, whom
	# the next sentence names (a statement: "must be rewritten" names no one to demand it of);
	# "Tom Dale insisted the changes were very modest" is a statement,
	# no demand
	actors "$DIR/speakers.in" >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/speakers.out" "$BATS_TEST_TMPDIR/out"
}

@test "extract-events: speakers in wire copy: talks with the ministers of the G7, a news conference, quoted as saying, a speaker with 'meanwhile'" {
	# "locked in talks with finance ministers of the G7" is a consultation with the G7 (a name of
	# letters and digits that tag-entities knows); "told a news conference the talks would go on"
	# is the source of the talks, not a statement of its own; "who was quoted by the daily
	# Nordposten as saying" is Vendel's statement, not the paper's; "Mette Krogh, meanwhile,
	# confirmed" is hers; "told a news conference in Damascus" says where, not of whom (no target
	# Syria); "told Reuters that the court should" is a statement: a "should" names no one to
	# appeal to (the outlet is the medium, the court no name); "He declined to give further details" declines comment (011), no rejection (120)
	actors "$DIR/speakers-wire.in" >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/speakers-wire.out" "$BATS_TEST_TMPDIR/out"
}

@test "extract-events: actors: 'the government' ('the police') is the government (the police) of the country the story names most; 'it' after a body is that body" {
	# a story of British voters: the British government (GBRGOV); a story naming Iraq twice
	# and Britain once: Iraq's; "accused Britain of" takes Britain as the target, not an object;
	# "The government was considering scrapping ..., Alan Jones said" is the government's
	# consideration (014), said by Jones: considering is no statement
	# "Iraq said it attacked the port of Bandar Abbas" is Iraq's attack (not Iraq's criticism
	# of the port); "The ministry of Ruritania said it would hold talks with Kuwait" is
	# Ruritania's intent to meet Kuwait; "The police arrested Karl Dorn" in a story of Greece is
	# an arrest by the Greek police (GRCCOP)
	actors "$DIR/government.in" >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/government.out" "$BATS_TEST_TMPDIR/out"
}

@test "extract-events: actors: a body that meets, a place met in, a meeting one is likely to have, a passive with an adverb, a visit still to come" {
	# "Finance ministers of the G7 met in Paris" is a meeting of the G7, in Paris (no meeting
	# with France); "is likely to have a meeting with" is an intent of both (036); "Marandu
	# welcomed Ekwa" has Ekwa as its target; "Sara Holm would be warmly welcomed by Ekwa" is
	# Ekwa's welcome of her, not hers of anyone; "a school in Mozambique before chairing a
	# meeting of the Commission for Africa" is no meeting of Mozambique; "would meet his fiscal
	# rules" is no meeting; "Mr Kerr, MP for Henley-on-Thames, Oxfordshire, said Labour was
	# wrong" is Kerr's statement (not Henley's, not Labour's); in "Marandu is likely to have a
	# meeting with Ekwa when he pays a visit to Nairobi on Friday" (published on a Tuesday) "he"
	# is the subject, Marandu, and both events, still to come, are on the coming Friday; in "Mr
	# Tal Brenner said Ms Ana Kovar was in good health when she visited Nairobi on Monday" the
	# "she" is not Mr Brenner, and the visit, done, was on the Monday past; "asked Tomas Ekwa
	# on Monday to join the talks" is an appeal to him, a time between him and "to"; "G8
	# ministers are also believed to have agreed" is no statement of the G8 (a passive, with
	# "also" between "are" and the participle); "he had held some "pretty frank discussions"
	# with fellow ministers" is a meeting of his with no one named
	actors "$DIR/meetings.in" >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/meetings.out" "$BATS_TEST_TMPDIR/out"
}

@test "extract-events: actors: a pledge of two is each one's, unless it is to work together" {
	# "the Tories and the Liberal Democrats pledged higher pensions": two pledges; "Japan and
	# Canada pledged to work together", "... pledged to coordinate their response": one of both;
	# "Biden's Sunday National Security meeting has ended" is no meeting held by a body called
	# National Security (an -ing form ending a frame with no "be" before it is no verb)
	actors "$DIR/pledges.in" >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/pledges.out" "$BATS_TEST_TMPDIR/out"
}

@test "extract-events: actors: force against what a state owns is force against the state" {
	# "destroyed an Iranian oil platform" and "raided a Syrian air base" are force (190)
	# against Iran and Syria, not a destruction of property (1712); "it had achieved
	# victories against Iraq" is Iran's; a fire that destroys a warehouse is no one's act
	actors "$DIR/force.in" >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/force.out" "$BATS_TEST_TMPDIR/out"
}

@test "extract-events: actors: 'they' is the names listed first, not a person alone, not the speaker's words; a country's voters are not its state" {
	# "The United States and Britain said they would block a move in the Security Council" is
	# a veto (129) by each, each said by itself; "Italian economists said they opposed" is no
	# opposition of Italy;
	# "they" inside Tom Vale's quotation is not Tom Vale and his association; "Shultz and
	# Defense Secretary Caspar Weinberger said they opposed the sale" is an opposition of
	# each, though no name follows "they"; what "British voters" or "Japanese traders" do or
	# say is no act of Britain or Japan, what "British officials" do is
	actors "$DIR/pronouns.in" >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/pronouns.out" "$BATS_TEST_TMPDIR/out"
}

@test "extract-events: actors: a court dismissing a suit rejects its plaintiff; a lead's 'A U.S. judge' is the judge named next" {
	# "dismissed a lawsuit by fired White House aide Tom Kessel" is a rejection (120) of
	# Kessel (through "aide Lt. Col."); "threw out Kessel's suit" later in the story is the same
	# act told again; a story that opens "A U.S. judge today dismissed" and names "Judge Ada
	# Brenner" in its next sentence tells of her act, not of the United States'; "A senior
	# official said" is a source no sentence names, no one's statement
	actors "$DIR/courts.in" >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/courts.out" "$BATS_TEST_TMPDIR/out"
}

@test "extract-events: actors: the other words news has for criticism, rejection, praise, disclosure and deals" {
	# "lambasted ... for" is a criticism (111) of its object, "shrugged off the criticism" a
	# rejection (120), "applauded" praise (051), "disclosed that" and "stressed" with no "that"
	# statements (010), "Greece and Turkey struck a deal" one agreement (057) of both; "Police
	# apprehended Karl Dorn" names no actor1, so it is no event
	actors "$DIR/synonyms.in" >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/synonyms.out" "$BATS_TEST_TMPDIR/out"
}

# the columns of leaders.out and tolls.out that their tests are about
summits() {
	"$BIN/$T" "$@" | awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
		{ print $c["doc_id"], $c["code"], $c["actor1"], $c["actor1_id"], $c["actor1_code"], $c["actor2"],
			$c["actor2_id"], $c["actor2_code"], $c["date"], $c["location"], $c["quantity"], $c["unit"],
			$c["condition"], $c["attributed_to"] }'
}

@test "extract-events: actors: 'the leaders of X and Y' agreeing to a proposed summit is an intent to meet of the two, by name" {
	run_case "$T" leaders
	assert_equal "$status" 0
	run summits "$DIR/leaders.in"
	# "the leaders of Germany and Italy" on 2023-05-15: a chancellor and a prime minister (no
	# president governs there); the source's words quoted ("agreed to ...") are the verb all the
	# same; "According to Rome" is the source, Italy, not the leader the next clause names
	assert_line "$(printf 'sum-1\t036\tOlaf Scholz\tffa3a00e3578539f\tDEUGOV\tGiorgia Meloni\t51024af1045f3d7f\tITAGOV\t\t\t\t\t\tItaly')"
	# "The Turkish president accepted the proposal of a meeting with the Ukrainian president"
	assert_line --regexp "^sum-2	036	Recep Tayyip Erdoğan	[0-9a-f]+	TURGOV	Volodymyr Zelensky	[0-9a-f]+	UKRGOV	"
	# "The foreign ministers of India and China agreed to the idea of talks in New Delhi"
	assert_line --regexp "^sum-3	036	Subrahmanyam Jaishankar	[0-9a-f]+	INDGOV	Wang Yi	[0-9a-f]+	CHNGOV		New Delhi	"
	# the names themselves: "Scholz agreed to a summit with Meloni, according to Berlin"
	assert_line "$(printf 'sum-4\t036\tOlaf Scholz\tffa3a00e3578539f\tDEUGOV\tGiorgia Meloni\t51024af1045f3d7f\tITAGOV\t\t\t\t\t\tGermany')"
	[ "${#lines[@]}" -eq 5 ]
}

@test "extract-events: an attack's toll in a participle after it is the event's count; the harbour or outskirts of a place is that place" {
	run_case "$T" tolls
	assert_equal "$status" 0
	run summits "$DIR/tolls.in"
	# "shelled the outskirts of Kestrel on Monday, killing at least 9 civilians"
	assert_line --regexp "^toll-1	194	Norvania	[0-9a-f]+		Kestrel	[0-9a-f]+		2024-06-03		>=9	civilian		"
	# "attacked the port of Dravo, wounding 14": a count with no unit
	assert_line --regexp "^toll-1	190	Norvania	[0-9a-f]+		Dravo	[0-9a-f]+				14			"
	# no toll said: no count
	assert_line --regexp "^toll-2	195	Norvania	[0-9a-f]+		Kestrel	[0-9a-f]+		2024-06-04				"
}
