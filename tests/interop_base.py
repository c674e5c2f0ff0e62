"""A small hand-made base for the interop tests, with a publisher block.

Claims and what the ClaimReview export makes of them (worked out by hand):

* ``gov-strike`` refuted -> rating 1 "Refuted"; claimant gov (government:
  Organization); two appearances, the earliest (2018-05-01, monitor) first.
* ``monitor-count`` corroborated -> 5; no appearances.
* ``rebel-claim`` contested -> 3; its statement starts with "=" and holds
  ``</script>``.
* ``analyst-says`` retracted -> 2; claimant a person (Person).
* ``gov-old`` superseded by ``gov-new`` (refuted): the old one is not exported.
* ``rumour`` unverified: not exported.

So the export holds 5 reviews and 2 claims are not reviewed.
"""

SOURCES = """\
stances:
  government: Government and its allies
  opposition: Armed opposition
  independent: {description: No side in the conflict, neutral: true}
publisher:
  name: Check Desk
  url: https://checkdesk.example
  logo: https://checkdesk.example/logo.png
  review_url: https://checkdesk.example/checks/{id}
sources:
  - id: gov
    name: Ministry of Defence
    kind: government
    stance: government
    reliability: D
    url: https://mod.example
  - id: gov-tv
    name: State TV
    kind: outlet
    stance: government
    part_of: gov
    url: https://tv.example
  - id: monitor
    name: Independent Monitor
    kind: monitor
    stance: independent
    reliability: B
    url: https://monitor.example
  - id: rebels
    name: Rebel Command
    kind: armed-group
    stance: opposition
  - id: analyst
    name: Jane Analyst
    kind: person
    stance: independent
"""

CLAIMS = """\
topics:
  town/killed:
    title: People killed in the town
    unit: people
claims:
  - id: gov-strike
    statement: The ministry says no civilians died in the strike.
    claimant: gov
    topic: town/killed
    figure: 0
    as_of: 2018-05-01
    status: refuted
    reported_by:
      - outlet: gov-tv
        date: 2018-05-02
        quote: No civilians were harmed, the ministry said.
        url: https://tv.example/news/1
      - outlet: monitor
        date: 2018-05-01
        url: https://monitor.example/report/7
    tags: [strike, civilians]
    notes: Hospital records list 40 dead.
  - id: monitor-count
    statement: The monitor counts about 300 dead.
    claimant: monitor
    topic: town/killed
    figure: about 300
    status: corroborated
  - id: rebel-claim
    statement: "=HYPERLINK(\\"http://evil.example\\") rebels say </script> 500 died"
    claimant: rebels
    topic: town/killed
    figure: 500
    status: contested
  - id: analyst-says
    statement: An analyst said the toll was over 1000.
    claimant: analyst
    topic: town/killed
    figure: more than 1000
    as_of: 2018-06
    status: retracted
  - id: gov-old
    statement: The ministry first said 10 died.
    claimant: gov
    topic: town/killed
    figure: 10
    as_of: 2018-04-01
    status: superseded
  - id: gov-new
    statement: The ministry now says 12 died.
    claimant: gov
    topic: town/killed
    figure: 12
    as_of: 2018-04-10
    status: refuted
    supersedes: gov-old
  - id: rumour
    statement: A rumour says the town was emptied.
    claimant: rebels
    topic: town/killed
    status: unverified
"""


def make(tmp_path, sources=SOURCES, claims=CLAIMS):
    from tests.conftest import make_base

    return make_base(tmp_path, sources=sources, files={"claims/town.yaml": claims} if claims else {})
