from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: object) -> object:
    """`{{ names|get_item:user_id }}`: a dictionary lookup by a variable key."""
    return mapping.get(key, "") if mapping else ""
