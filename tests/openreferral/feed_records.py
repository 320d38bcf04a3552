"""One ORUK service record as a feed sends it (a venue in Preston, a phone): the import tests'
starting point, with the fields a test is about passed in."""


def feed_record(record_id: str, name: str, organisation: tuple[str, str], **fields) -> dict:
    organisation_id, organisation_name = organisation
    return {
        "id": record_id,
        "name": name,
        "description": "Play sessions for under-fives.",
        "status": "active",
        "organization": {"id": organisation_id, "name": organisation_name},
        "service_at_locations": [
            {
                "location": {
                    "name": "Preston Library",
                    "physical_addresses": [
                        {"address_1": "Market Square", "city": "Preston", "postal_code": "PR1 2PP"}
                    ],
                }
            }
        ],
        "contacts": [{"phones": [{"number": "01772 532676"}]}],
        **fields,
    }
