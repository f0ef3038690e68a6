// OutboundHTTP: filled in by its owner.
